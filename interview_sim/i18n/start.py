"""The start screen: the question bank, choosing questions, today's practice.

One part of the catalogue; :mod:`interview_sim.i18n` merges the parts into one lookup."""

from __future__ import annotations

from interview_sim.i18n._text import Text

STRINGS: dict[str, dict[str, Text]] = {
    "bank.categories": {"ko": "분야", "en": "Categories"},
    "bank.all": {"ko": "전체", "en": "All"},
    "bank.questions": {"ko": "질문", "en": "Questions"},
    "bank.count": {
        "ko": "질문 {count}개 · 모범 답안 {answered}개",
        "en": {
            "one": "{count} question · {answered} with answers",
            "other": "{count} questions · {answered} with answers",
        },
    },
    "bank.loading": {"ko": "질문 목록을 불러오는 중…", "en": "Loading the question bank…"},
    "bank.load_failed": {
        "ko": "질문 목록을 불러오지 못했습니다. 앱을 다시 시작해 보세요.",
        "en": "Could not load the questions. Try restarting the app.",
    },
    "bank.problems": {
        "ko": "질문 파일에 문제가 {count}개 있습니다 (나머지는 정상적으로 불러왔습니다).",
        "en": {
            "one": "{count} problem in question files (everything else loaded).",
            "other": "{count} problems in question files (everything else loaded).",
        },
    },
    "question.reference": {"ko": "모범 답안", "en": "Reference answer"},
    "question.source": {"ko": "출처: {source}", "en": "Source: {source}"},
    "question.reference_draft": {"ko": "답변 초안 (AI가 작성)", "en": "Draft answer (written by AI)"},
    "bank.practise": {"ko": "이 질문 연습하기", "en": "Practise this question"},
    "bank.practise_tip": {
        "ko": "이 질문 하나로 면접을 시작합니다 (Enter)",
        "en": "Start an interview with this question alone (Enter)",
    },
    "source.user": {"ko": "내가 쓴 답", "en": "Your own answer"},
    "source.unknown": {"ko": "출처 모름", "en": "Unknown source"},
    "source.notes_n": {"ko": "노트 {n}", "en": "Notes {n}"},
    "source.draft": {
        "ko": "AI 초안 ({name}에서) — 확인하고 고쳐 쓰세요",
        "en": "AI draft (from {name}) — check and edit it",
    },
    "question.keywords": {"ko": "핵심 키워드", "en": "Key terms"},
    "question.follow_ups": {"ko": "꼬리 질문", "en": "Follow-up questions"},
    "question.no_reference": {
        "ko": "이 질문에는 아직 모범 답안이 없습니다. 직접 작성해 보세요.",
        "en": "This question has no reference answer yet. Why not write one?",
    },
    "question.template": {
        "ko": "답변 시간: 목표 {target}초 (최대 {max}초)",
        "en": "Answer time: {target} s target ({max} s max)",
    },
    "question.select": {"ko": "왼쪽에서 질문을 고르세요.", "en": "Pick a question on the left."},
    "kind.technical": {"ko": "기술", "en": "Technical"},
    "kind.self-introduction": {"ko": "자기소개", "en": "Self-introduction"},
    "kind.behavioral": {"ko": "인성·경험", "en": "Behavioral"},
    "kind.motivation": {"ko": "지원 동기", "en": "Motivation"},
    "start.title": {"ko": "무엇을 연습할까요?", "en": "What would you like to practise?"},
    "start.categories": {"ko": "분야 (선택하지 않으면 전체)", "en": "Categories (none ticked: all)"},
    "start.kind": {"ko": "질문 종류", "en": "Kind of question"},
    "start.kind_any": {"ko": "모두", "en": "Any"},
    "start.count": {"ko": "질문 수", "en": "Number of questions"},
    "start.order": {"ko": "순서", "en": "Order"},
    "order.bank": {"ko": "목록 순서대로", "en": "As in the bank"},
    "order.random": {"ko": "무작위", "en": "Random"},
    "order.weakest": {"ko": "약한 질문부터", "en": "Weakest first"},
    "order.due": {"ko": "복습할 차례인 질문", "en": "Due for review"},
    "order.needs_data": {
        "ko": "연습 기록이 쌓이면 사용할 수 있습니다",
        "en": "Available once you have practice history",
    },
    "start.follow_ups": {"ko": "꼬리 질문도 묻기", "en": "Ask follow-up questions"},
    "start.think": {"ko": "생각할 시간", "en": "Think time"},
    "start.seconds": {"ko": " 초", "en": " s"},
    "start.review": {"ko": "복기", "en": "Review"},
    "start.start": {"ko": "면접 시작", "en": "Start interview"},
    "start.start_tip": {"ko": "면접을 시작합니다 (Enter)", "en": "Start the interview (Enter)"},
    "start.quick": {"ko": "빠른 시작", "en": "Quick start"},
    "start.quick_intro": {"ko": "1분 자기소개", "en": "1-minute self-introduction"},
    "start.quick_technical": {"ko": "무작위 기술 질문 10개", "en": "10 random technical questions"},
    "start.nothing_due": {
        "ko": "아직 복습할 차례인 질문이 없습니다. 다른 순서를 고르세요.",
        "en": "No question is due for review yet. Pick another order.",
    },
    "start.orders_failed": {
        "ko": "연습 기록을 읽지 못해 이 순서를 쓸 수 없습니다. 다른 순서를 고르세요.",
        "en": "The practice history could not be read, so this order cannot be used. Pick another one.",
    },
    "start.empty": {
        "ko": "선택한 조건에 맞는 질문이 없습니다. 분야나 종류를 바꿔 보세요.",
        "en": "No question matches these choices. Try other categories or another kind.",
    },
    "start.waiting": {
        "ko": "질문 목록을 불러오는 중입니다. 다 불러오면 바로 시작합니다.",
        "en": "The questions are still loading; the interview starts as soon as they are there.",
    },
    "question.generated_label": {
        "ko": "{text} (AI 꼬리질문 · {parent})",
        "en": "{text} (AI follow-up to: {parent})",
    },
    "question.missing_label": {
        "ko": "{id} (질문 은행에 더 이상 없는 질문)",
        "en": "{id} (no longer in the bank)",
    },
    "search.placeholder": {"ko": "질문 검색 (Ctrl+F)", "en": "Search questions (Ctrl+F)"},
    "start.speech_loading": {
        "ko": "음성 인식 모델을 불러오는 중입니다. 지금 시작하면 준비되는 대로 면접이 시작됩니다.",
        "en": "The speech model is still loading. If you start now, the interview begins as soon as it is ready.",
    },
    "start.waiting_speech": {
        "ko": "음성 인식 모델이 준비되면 면접을 시작합니다…",
        "en": "The interview starts as soon as the speech model is ready…",
    },
    # Today's practice (core/today.py): the last session's things to work on.
    "today.focus.key_terms": {
        "ko": "{category}: 핵심어를 더 챙기세요 (평균 {coverage}%)",
        "en": "{category}: cover more of the key terms (average {coverage}%)",
    },
    "today.focus.missed": {"ko": " · 놓친 핵심어: {terms}", "en": " · missed: {terms}"},
    "today.focus.too_long": {
        "ko": "답변이 길었습니다: {total}개 중 {count}개가 목표 시간을 넘김",
        "en": "Answers ran long: {count} of {total} over the target time",
    },
    "today.focus.too_short": {
        "ko": "답변이 짧았습니다: {total}개 중 {count}개가 목표 시간보다 짧음",
        "en": "Answers were short: {count} of {total} under the target time",
    },
    "today.focus.slow": {
        "ko": "조금 더 빠르게 말해 보세요: {total}개 중 {count}개가 느림",
        "en": {
            "one": "Speak a little faster: {count} of {total} answer was slow",
            "other": "Speak a little faster: {count} of {total} answers were slow",
        },
    },
    "today.focus.fast": {
        "ko": "조금 더 천천히 말해 보세요: {total}개 중 {count}개가 빠름",
        "en": {
            "one": "Slow down a little: {count} of {total} answer was fast",
            "other": "Slow down a little: {count} of {total} answers were fast",
        },
    },
    "today.focus.fillers": {
        "ko": "군말을 줄여 보세요: 분당 {per_minute}회 (기준 {norm}회 미만)",
        "en": "Fewer filler words: {per_minute} a minute (aim for under {norm})",
    },
    "today.focus.pauses": {
        "ko": "긴 침묵을 줄여 보세요: 답변 {total}개에 {count}번",
        "en": {
            "one": "Fewer long pauses: {count} in {total} answer",
            "other": "Fewer long pauses: {count} in {total} answers",
        },
    },
    "today.focus.late_start": {
        "ko": "더 빨리 말문을 여세요: {total}개 중 {count}개가 {norm}초 넘어 시작",
        "en": {
            "one": "Start sooner: {count} of {total} answer began after {norm} s",
            "other": "Start sooner: {count} of {total} answers began after {norm} s",
        },
    },
    "start.question_langs": {"ko": "질문 언어(&L)", "en": "&Language of the questions"},
    "start.langs.ko": {"ko": "한국어", "en": "Korean"},
    "start.langs.en": {"ko": "영어", "en": "English"},
    "start.langs.both": {"ko": "한국어와 영어", "en": "Korean and English"},
    "start.custom": {"ko": "직접 구성한 면접", "en": "Custom session"},
    "start.custom_tip": {
        "ko": "이 조건으로 시작합니다 (Ctrl+Enter, 이 칸 안에서는 Enter)",
        "en": "Start with these options (Ctrl+Enter; Enter while in this section)",
    },
    "today.title": {"ko": "오늘의 연습", "en": "Today's practice"},
    "today.start": {
        "ko": "오늘의 연습 시작 · 질문 {count}개",
        "en": {
            "one": "Start today's practice · {count} question",
            "other": "Start today's practice · {count} questions",
        },
    },
    "today.more": {
        "ko": "더 연습하기 · 새 질문 {count}개",
        "en": {
            "one": "Practise more · {count} new question",
            "other": "Practise more · {count} new questions",
        },
    },
    "today.start_tip": {"ko": "Enter 또는 Ctrl+T", "en": "Enter or Ctrl+T"},
    "today.nothing_left": {
        "ko": "이 언어로는 더 연습할 질문이 없습니다",
        "en": "No questions left to practise in this language",
    },
    "today.due": {
        "ko": "복습할 질문 {count}개",
        "en": {"one": "{count} question due for review", "other": "{count} questions due for review"},
    },
    "today.due_none": {"ko": "오늘 복습할 질문은 없습니다", "en": "Nothing due for review today"},
    "today.streak": {
        "ko": "{count}일 연속 연습",
        "en": {"one": "{count} day in a row", "other": "{count} days in a row"},
    },
    "today.streak_none": {
        "ko": "오늘 답하면 연속 기록이 시작됩니다",
        "en": "Answer one today to start a streak",
    },
    "today.goal": {
        "ko": "오늘 답변 {done}/{goal}",
        "en": "Today: {done} of {goal} answers",
    },
    "today.goal_met": {
        "ko": "오늘 목표를 채웠습니다 ({done}/{goal})",
        "en": "Today's goal reached ({done} of {goal})",
    },
    "today.goal_first": {
        "ko": "하루 목표: 답변 {goal}개 (설정에서 바꿀 수 있습니다)",
        "en": {
            "one": "Daily goal: {goal} answer (change it in the settings)",
            "other": "Daily goal: {goal} answers (change it in the settings)",
        },
    },
    "today.weakest": {"ko": "약한 분야: {categories}", "en": "Weakest areas: {categories}"},
    "today.focus_title": {"ko": "지난 연습에서 다듬을 점", "en": "From your last session, work on"},
    "today.focus_title_debrief": {
        "ko": "지난 면접 AI 총평에서 다듬을 점",
        "en": "From your last session's AI debrief, work on",
    },
    "today.picked": {
        "ko": "AI 총평이 고른 질문 {count}개부터 시작",
        "en": {
            "one": "{count} question the AI debrief picked comes first",
            "other": "{count} questions the AI debrief picked come first",
        },
    },
    "today.focus_none": {
        "ko": "지난 연습에서는 눈에 띄게 부족한 점이 없었습니다.",
        "en": "Nothing stood out to work on from your last session.",
    },
    "today.first_day": {
        "ko": "첫 연습을 환영합니다. 오늘의 연습은 새 질문 {count}개로 시작합니다.",
        "en": {
            "one": "Welcome to your first practice. Today's practice starts you with {count} new question.",
            "other": "Welcome to your first practice. Today's practice starts you with {count} new questions.",
        },
    },
    "today.first_day_more": {
        "ko": "답변이 쌓이면 복습할 질문, 연속 기록, 약한 분야와 다듬을 점이 여기에 나타납니다.",
        "en": "As you answer, what is due for review, your streak, your weakest areas and what to "
        "work on will appear here.",
    },
    "today.loading": {"ko": "오늘의 연습을 준비하는 중…", "en": "Preparing today's practice…"},
    "today.failed": {
        "ko": "오늘의 연습을 준비하지 못했습니다: {error}",
        "en": "Could not prepare today's practice: {error}",
    },
    # The daily goal field in the settings, after its label "하루 목표": "[5]개", "[5] answers a day".
    "today.goal_unit": {"ko": "개", "en": " answers a day"},
    "today.goal_unit_one": {"ko": "개", "en": " answer a day"},
}
