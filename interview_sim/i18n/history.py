"""The history screen, the session summary and the progress chart.

One part of the catalogue; :mod:`interview_sim.i18n` merges the parts into one lookup."""

from __future__ import annotations

from interview_sim.i18n._text import Text

STRINGS: dict[str, dict[str, Text]] = {
    "summary.report": {"ko": "보고서 저장…", "en": "Save report…"},
    "summary.report_tip": {
        "ko": "이 면접을 HTML 한 파일이나 Markdown으로 저장합니다 (Ctrl+S)",
        "en": "Save this interview as one HTML file or as Markdown (Ctrl+S)",
    },
    "summary.report_writing": {"ko": "보고서를 쓰는 중…", "en": "Writing the report…"},
    "summary.report_saved": {"ko": "보고서를 저장했습니다: {path}", "en": "Report saved: {path}"},
    "summary.report_failed": {
        "ko": "보고서를 저장하지 못했습니다. 다른 폴더를 골라 보세요.",
        "en": "The report could not be saved. Try another folder.",
    },
    "history.save_only_generated": {
        "ko": "AI가 만든 꼬리질문만 내 질문 은행에 저장할 수 있습니다.",
        "en": "Only a follow-up the AI made can be saved to your bank.",
    },
    "summary.title": {"ko": "면접 결과", "en": "Interview summary"},
    "summary.header": {
        "ko": "답변 {count}개 · 평균 {score} · 합계 {total}",
        "en": {
            "one": "{count} answer · mean score {score} · total {total}",
            "other": "{count} answers · mean score {score} · total {total}",
        },
    },
    "summary.empty": {
        "ko": "저장된 답변이 없습니다 (기록 데이터베이스가 없거나 답변하지 않았습니다).",
        "en": "No answers were saved (no archive, or nothing was answered).",
    },
    "summary.open_tip": {"ko": "답변 복기 열기 (Enter)", "en": "Open the review of an answer (Enter)"},
    "col.date": {"ko": "날짜", "en": "Date"},
    "col.session": {"ko": "면접", "en": "Session"},
    "col.question": {"ko": "질문", "en": "Question"},
    "col.category": {"ko": "분야", "en": "Category"},
    "col.length": {"ko": "길이", "en": "Length"},
    "col.score": {"ko": "점수", "en": "Score"},
    "col.keywords": {"ko": "핵심어", "en": "Terms"},
    "col.rate": {"ko": "빠르기", "en": "Rate"},
    "col.rate_ko": {"ko": "말 빠르기 (음절)", "en": "Pace (syllables)"},
    "col.rate_en": {"ko": "말 빠르기 (단어)", "en": "Pace (words)"},
    "col.fillers_count": {"ko": "군말 (번)", "en": "Fillers (count)"},
    "col.change": {"ko": "지난번보다", "en": "Since last time"},
    "col.review": {"ko": "복기", "en": "Review"},
    "col.fillers": {"ko": "군말", "en": "Fillers"},
    "col.pauses": {"ko": "긴 쉼", "en": "Pauses"},
    "col.rating": {"ko": "평가", "en": "Rating"},
    "history.title": {"ko": "연습 기록", "en": "Practice history"},
    "history.count": {
        "ko": "답변 {shown}/{total}개",
        "en": {"one": "{shown} of {total} answer", "other": "{shown} of {total} answers"},
    },
    "history.since": {"ko": "시작일", "en": "From"},
    "history.until": {"ko": "종료일", "en": "To"},
    "history.category_any": {"ko": "모든 분야", "en": "All categories"},
    "history.question_filter": {"ko": "질문 검색 (Ctrl+L)", "en": "Find question (Ctrl+L)"},
    "history.min_score": {"ko": "최저 점수", "en": "Min score"},
    "history.max_score": {"ko": "최고 점수", "en": "Max score"},
    "history.sessions": {"ko": "면접", "en": "Sessions"},
    "history.all_sessions": {"ko": "모든 면접 ({count})", "en": "All sessions ({count})"},
    "history.session_item": {
        "ko": "{date} · 답변 {count}개",
        "en": {"one": "{date} · {count} answer", "other": "{date} · {count} answers"},
    },
    "history.session_mean": {"ko": "평균 {score}점", "en": "mean {score}"},
    "history.session_answers": {
        "ko": "답변 {count}개",
        "en": {"one": "{count} answer", "other": "{count} answers"},
    },
    "history.session_more": {"ko": " 외 {extra}", "en": " +{extra}"},
    "history.any_date": {"ko": "언제든", "en": "Any day"},
    "history.any_score": {"ko": "상관없음", "en": "Any"},
    "history.score_at_least": {"ko": "점 이상", "en": " or more"},
    "history.clear_dates": {"ko": "날짜 지우기", "en": "Clear dates"},
    "history.attempts_tab": {"ko": "답변 목록", "en": "Answers"},
    "history.progress_tab": {"ko": "발전 추이", "en": "Progress"},
    "history.open": {"ko": "열기", "en": "Open"},
    "history.compare": {"ko": "비교", "en": "Compare"},
    "history.delete": {"ko": "답변 삭제", "en": "Delete answer"},
    "history.delete_session": {"ko": "면접 삭제", "en": "Delete session"},
    "history.confirm_delete": {
        "ko": "답변 {count}개와 그 녹음을 삭제할까요? 되돌릴 수 없습니다.",
        "en": {
            "one": "Delete {count} answer and its recording? This cannot be undone.",
            "other": "Delete {count} answers and their recordings? This cannot be undone.",
        },
    },
    "history.confirm_delete_session": {
        "ko": "이 면접({date})의 답변 {count}개와 녹음을 모두 삭제할까요? 되돌릴 수 없습니다.",
        "en": {
            "one": "Delete this session ({date}) with its {count} answer and recording? This cannot be undone.",
            "other": "Delete this session ({date}) with its {count} answers and recordings? This cannot be undone.",
        },
    },
    "history.deleted": {
        "ko": "답변 {count}개를 삭제했습니다.",
        "en": {"one": "Deleted {count} answer.", "other": "Deleted {count} answers."},
    },
    "history.pick_two": {
        "ko": "같은 질문의 답변 두 개를 고르세요 (Shift+↑/↓).",
        "en": "Select two answers to the same question (Shift+Up/Down).",
    },
    "history.not_same_question": {
        "ko": "두 답변의 질문이 다릅니다. 같은 질문의 답변끼리만 비교할 수 있습니다.",
        "en": "These answers are to different questions; only answers to the same question compare.",
    },
    "history.empty": {"ko": "아직 연습 기록이 없습니다.", "en": "No practice history yet."},
    "progress.metric": {"ko": "항목", "en": "Measure"},
    "progress.category": {"ko": "분야", "en": "Category"},
    "progress.no_data": {"ko": "그릴 자료가 없습니다.", "en": "Nothing to draw yet."},
    "progress.average": {"ko": "{days}일 이동 평균", "en": "{days}-day average"},
    "progress.target": {"ko": "목표", "en": "Target"},
    "summary.change_up": {
        "ko": "지난 면접보다 평균 {delta}점 올랐습니다",
        "en": "Mean score {delta} up on the previous session",
    },
    "summary.change_down": {
        "ko": "지난 면접보다 평균 {delta}점 내려갔습니다",
        "en": "Mean score {delta} down on the previous session",
    },
    "summary.change_same": {
        "ko": "지난 면접과 평균 점수가 같습니다",
        "en": "The same mean score as the previous session",
    },
    "summary.change_first": {
        "ko": "비교할 지난 면접이 아직 없습니다",
        "en": "No earlier session to compare with yet",
    },
    "summary.practise_weak": {
        "ko": "약한 답변 {count}개 다시 연습하기",
        "en": {
            "one": "Practise the {count} weak answer again",
            "other": "Practise the {count} weak answers again",
        },
    },
    "summary.practise_tip": {
        "ko": "점수가 40점 아래이거나 '다시'·'어려움'으로 평가한 질문으로 면접을 시작합니다 (Ctrl+Shift+A)",
        "en": "Start an interview with the questions scored under 40 or rated Again or Hard (Ctrl+Shift+A)",
    },
    "summary.no_weak": {"ko": "다시 연습할 약한 답변이 없습니다.", "en": "No weak answer to practise again."},
    "summary.refine_pending": {"ko": "정밀 받아쓰기 중…", "en": "refining…"},
    "col.pitch_range": {"ko": "음높이 폭", "en": "Pitch range"},
    "col.trailing_off": {"ko": "말끝 흐림", "en": "Trailing off"},
    "history.voice_any": {"ko": "목소리: 전체", "en": "Voice: all"},
    "history.voice_monotone": {"ko": "단조로운 답변", "en": "Monotone answers"},
    "history.voice_trailing": {"ko": "말끝을 흐린 답변", "en": "Trailing off"},
    "history.voice_filter": {"ko": "목소리로 거르기", "en": "Filter by voice"},
    "history.voice_slow": {"ko": "기준보다 느린 답변", "en": "Slower than the norm"},
    "history.voice_fast": {"ko": "기준보다 빠른 답변", "en": "Faster than the norm"},
}
