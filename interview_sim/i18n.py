"""User-visible strings in Korean and English, marked where they are used with ``tr(key)``.

Kept as plain tables (no compiled catalogues) so the core and the CLI can use them too; a
test checks that every key exists in every shipped language with the same placeholders.

A message with a number in it gives, in a language that inflects for it, its plural forms by
CLDR category: ``{"one": "{count} answer", "other": "{count} answers"}``. :func:`tr` picks the
form from the ``count`` argument (or the one :data:`PLURAL_BY` names). Korean has no plural
distinction (CLDR: only "other"), so its texts stay plain strings.
"""

from __future__ import annotations

import sys
from typing import NamedTuple

LANGUAGES = ("ko", "en")
DEFAULT_LANGUAGE = "ko"


class UserMessage(NamedTuple):  # not a dataclass: shown before the first paint, dataclasses cost 3 ms
    """What the user is shown: ``text`` in the interface language, one short line that says what
    happened and what to do; ``detail`` the technical rest (device names, exception text, in
    English), for a details area, a tooltip or the log, never inside the sentence."""

    text: str
    detail: str = ""
    # What fixes it, when a button can: "microphone" opens the settings on the microphone's tab
    # (qt/errors.py FIX_PAGES).
    fix: str = ""

    def __str__(self) -> str:
        return self.text

    def full(self) -> str:
        """The sentence with its detail below it, for a details area or a tooltip."""
        return f"{self.text}\n\n{self.detail}" if self.detail else self.text


# A text, or its plural forms by CLDR plural category ("one", "other").
Text = str | dict[str, str]

STRINGS: dict[str, dict[str, Text]] = {
    "app.title": {"ko": "모의 면접 연습", "en": "Interview Sim"},
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
    "report.title": {"ko": "모의 면접 기록 #{id}", "en": "Interview session #{id}"},
    "report.date": {"ko": "시작 {started} · 끝 {ended}", "en": "Started {started} · ended {ended}"},
    "report.count": {"ko": "답변 {count}개", "en": {"one": "{count} answer", "other": "{count} answers"}},
    "report.no_answers": {"ko": "이 면접에는 답변이 없습니다.", "en": "This session has no answers."},
    "report.transcript": {"ko": "내 답변 (받아쓰기)", "en": "Your answer (transcript)"},
    "report.no_transcript": {"ko": "받아쓴 내용이 없습니다.", "en": "No transcript."},
    # Which transcript the scores used ({engine}: e.g. "faster-whisper:base").
    "report.source.corrected": {
        "ko": "내가 고친 받아쓰기로 분석",
        "en": "Analysed from your corrected transcript",
    },
    "report.source.refined": {
        "ko": "정밀 인식(2차, {engine}) 받아쓰기로 분석",
        "en": "Analysed from the refined transcript (second pass, {engine})",
    },
    "report.source.recognized": {
        "ko": "실시간 인식({engine}) 받아쓰기로 분석",
        "en": "Analysed from the live transcript ({engine})",
    },
    "report.source.typed": {"ko": "입력한 답변으로 분석", "en": "Analysed from the typed answer"},
    "report.length": {
        "ko": "답변 시간 {actual}초 / 목표 {target}초 (최대 {max}초)",
        "en": "Length {actual} s / target {target} s ({max} s max)",
    },
    "report.length_no_target": {"ko": "답변 시간 {actual}초", "en": "Length {actual} s"},
    "report.metrics": {"ko": "지표", "en": "Metrics"},
    "report.notes": {"ko": "메모", "en": "Notes"},
    "report.rate_ko": {"ko": "말하기 속도 (음절/분)", "en": "Speaking rate (syllables/min)"},
    "report.rate_en": {"ko": "말하기 속도 (단어/분)", "en": "Speaking rate (words/min)"},
    "report.unit_s": {"ko": "초", "en": "s"},
    "report.norm_range": {"ko": "기준 {low}~{high}{unit}", "en": "norm {low}-{high}{unit}"},
    "report.norm_at_most": {"ko": "기준 {high}{unit} 이내", "en": "norm at most {high}{unit}"},
    "report.content_score": {"ko": "내용 점수", "en": "Content score"},
    "report.coverage_part": {"ko": "핵심어 {covered}/{total}", "en": "key terms {covered}/{total}"},
    "report.similarity_part": {
        "ko": "모범 답안과 유사도 {percent}%",
        "en": "similarity to reference {percent}%",
    },
    "report.keywords_covered": {"ko": "말한 핵심어", "en": "Key terms said"},
    "report.keywords_missed": {"ko": "빠진 핵심어", "en": "Key terms missed"},
    "report.length_metric": {"ko": "답변 길이", "en": "Length"},
    "report.section": {"ko": "단계: {name}", "en": "Section: {name}"},
    "report.planned": {"ko": "계획 {planned}{unit}", "en": "planned {planned} {unit}"},
    "report.first_word": {"ko": "첫마디까지", "en": "Time to first word"},
    "report.fillers": {"ko": "군말 (음, 어 등)", "en": "Filler words"},
    "report.long_pauses": {"ko": "긴 멈춤 (2초 넘게)", "en": "Long pauses (over 2 s)"},
    "report.per_minute": {"ko": " (분당 {value}회)", "en": " ({value}/min)"},
    "report.repeats": {"ko": "반복한 말", "en": "Repeated words"},
    "report.hedges": {"ko": "얼버무리는 말끝 (~것 같습니다 등)", "en": "Hedges (I think, kind of, ...)"},
    "report.run_ons": {"ko": "길게 이어진 문장 (~고, ~는데)", "en": "Run-on sentences"},
    "report.banmal": {"ko": "존댓말 속 반말", "en": "Casual endings among polite ones"},
    "report.conclusion_first": {"ko": "첫 문장에 결론 (두괄식)", "en": "Conclusion first"},
    "report.yes": {"ko": "예", "en": "yes"},
    "report.no": {"ko": "아니요", "en": "no"},
    "report.pitch": {"ko": "목소리 높낮이 (반음)", "en": "Pitch variation (semitones)"},
    "report.pitch_value": {"ko": "폭 {range} · 표준편차 {sd}", "en": "range {range} · SD {sd}"},
    "report.pitch_norm": {
        "ko": "폭 {low}반음 미만이면 단조로움 (일상 대화 3~6반음)",
        "en": "monotone under a {low}-semitone range (conversation: 3-6)",
    },
    "report.trailing_off": {"ko": "말끝 흐림 (문장 수)", "en": "Trailing off (sentences)"},
    "report.trailing_norm": {
        "ko": "문장 끝이 본문보다 {db}dB 이상 작아짐",
        "en": "sentence end {db} dB or more below its body",
    },
    "report.speaking_rate_ko": {
        "ko": "발화 속도 (음절/분, 쉼 포함)",
        "en": "Speaking rate (syllables/min, pauses included)",
    },
    "report.speaking_rate_en": {
        "ko": "발화 속도 (단어/분, 쉼 포함)",
        "en": "Speaking rate (words/min, pauses included)",
    },
    "report.articulation_rate": {"ko": "조음 속도 (쉼 제외)", "en": "Articulation rate (pauses excluded)"},
    "report.own_answers": {"ko": "이전 내 답변과 비교", "en": "compare with your earlier answers"},
    "report.rate_over_time": {
        "ko": "속도 변화 (처음 ⅓ → 마지막 ⅓)",
        "en": "Rate over time (first ⅓ → last ⅓)",
    },
    "report.verdict.monotone": {"ko": "단조로움", "en": "monotone"},
    "report.verdict.varied": {"ko": "변화 있음", "en": "varied"},
    "report.rating": {"ko": "평가: {rating}", "en": "Rated: {rating}"},
    "report.rating.again": {"ko": "다시", "en": "again"},
    "report.rating.hard": {"ko": "어려움", "en": "hard"},
    "report.rating.good": {"ko": "좋음", "en": "good"},
    "report.rating.easy": {"ko": "쉬움", "en": "easy"},
    "report.verdict.ok": {"ko": "적당함", "en": "fine"},
    "report.verdict.too_short": {"ko": "너무 짧음", "en": "too short"},
    "report.verdict.too_long": {"ko": "너무 김", "en": "too long"},
    "report.verdict.slow": {"ko": "느림", "en": "slow"},
    "report.verdict.fast": {"ko": "빠름", "en": "fast"},
    "report.verdict.late": {"ko": "늦음", "en": "late"},
    "report.verdict.noticeable": {"ko": "눈에 띔", "en": "noticeable"},
    "report.verdict.too_many": {"ko": "너무 많음", "en": "too many"},
    "report.verdict.unmarked": {"ko": "표시 안 함", "en": "not marked"},
    "report.verdict.not_reached": {"ko": "도달 못 함", "en": "not reached"},
    "kind.technical": {"ko": "기술", "en": "Technical"},
    "kind.self-introduction": {"ko": "자기소개", "en": "Self-introduction"},
    "kind.behavioral": {"ko": "인성·경험", "en": "Behavioral"},
    "kind.motivation": {"ko": "지원 동기", "en": "Motivation"},
    "menu.file": {"ko": "파일(&F)", "en": "&File"},
    "menu.quit": {"ko": "끝내기(&Q)", "en": "&Quit"},
    "menu.view": {"ko": "보기(&V)", "en": "&View"},
    "menu.language": {"ko": "화면 언어", "en": "Interface language"},
    "menu.practice": {"ko": "연습(&P)", "en": "&Practice"},
    "menu.new_interview": {"ko": "새 면접(&N)", "en": "&New interview"},
    "menu.bank": {"ko": "질문 목록(&B)", "en": "Question &bank"},
    "menu.help": {"ko": "도움말(&H)", "en": "&Help"},
    "menu.shortcuts": {"ko": "단축키", "en": "Keyboard shortcuts"},
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
    "review.each": {"ko": "답변마다", "en": "After each answer"},
    "review.end": {"ko": "면접이 끝난 뒤", "en": "At the end"},
    "start.start": {"ko": "면접 시작", "en": "Start interview"},
    "start.start_tip": {"ko": "면접을 시작합니다 (Enter)", "en": "Start the interview (Enter)"},
    "start.quick": {"ko": "빠른 시작", "en": "Quick start"},
    "start.quick_intro": {"ko": "1분 자기소개", "en": "1-minute self-introduction"},
    "start.quick_technical": {"ko": "무작위 기술 질문 10개", "en": "10 random technical questions"},
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
    "menu.backup": {"ko": "모든 연습 기록 백업…", "en": "Back up all practice data…"},
    "backup.writing": {
        "ko": "백업을 만드는 중… (녹음이 많으면 시간이 걸립니다)",
        "en": "Writing the backup… (this takes a while with many recordings)",
    },
    "backup.done": {
        "ko": "백업했습니다: {path} (파일 {files}개). 복원: 파일 > 백업에서 연습 기록 복원",
        "en": {
            "one": "Backed up to {path} ({files} file). To restore: File > Restore practice data from a backup",
            "other": "Backed up to {path} ({files} files). To restore: File > Restore practice data from a backup",
        },
    },
    "backup.failed": {
        "ko": "백업하지 못했습니다. 다른 폴더를 골라 보세요.",
        "en": "The backup failed. Try another folder.",
    },
    "menu.restore": {"ko": "백업에서 연습 기록 복원…", "en": "Restore practice data from a backup…"},
    "restore.title": {"ko": "연습 기록 복원", "en": "Restore practice data"},
    "restore.already_running": {"ko": "이미 복원하고 있습니다.", "en": "A restore is already running."},
    "restore.busy_interview": {
        "ko": "면접이 진행 중입니다. 면접을 끝낸 뒤(Esc) 복원하세요.",
        "en": "An interview is in progress. End it (Esc) before restoring.",
    },
    "restore.busy_loading": {
        "ko": "장치와 음성 모델을 아직 여는 중입니다. 아래 상태 표시줄이 바뀌면 다시 시도하세요.",
        "en": "The app is still opening its devices and speech model. Try again once the status bar changes.",
    },
    "restore.checking": {"ko": "{file} 파일을 확인하는 중…", "en": "Checking {file}…"},
    "restore.details": {
        "ko": "백업 시각 {created}, Interview Sim {version}, 파일 {files}개 ({size})",
        "en": {
            "one": "Made {created} by Interview Sim {version}: {files} file ({size})",
            "other": "Made {created} by Interview Sim {version}: {files} files ({size})",
        },
    },
    "restore.confirm_replace": {
        "ko": "{file} 백업으로 복원할까요?\n{details}\n\n"
        "데이터 폴더({home})의 지금 연습 기록(데이터베이스, 녹음, 내 질문, 설정)이 이 백업으로 바뀝니다. "
        "지금 데이터는 지우지 않고 {backups} 안의 새 날짜-시간 폴더로 옮겨 보관합니다.\n\n"
        "복원이 끝나면 Interview Sim이 다시 시작됩니다.",
        "en": "Restore from {file}?\n{details}\n\n"
        "The practice data in your data folder ({home}) — database, recordings, your own questions, "
        "settings — will be replaced by this backup. Your current data is not deleted: it is moved "
        "to a new dated folder inside {backups}.\n\n"
        "Interview Sim restarts when the restore is done.",
    },
    "restore.confirm_empty": {
        "ko": "{file} 백업으로 복원할까요?\n{details}\n\n"
        "데이터 폴더({home})에는 아직 연습 기록이 없으므로 백업을 그대로 넣습니다.\n\n"
        "복원이 끝나면 Interview Sim이 다시 시작됩니다.",
        "en": "Restore from {file}?\n{details}\n\n"
        "Your data folder ({home}) holds no practice data yet; the backup is put there.\n\n"
        "Interview Sim restarts when the restore is done.",
    },
    "restore.button": {"ko": "복원", "en": "Restore"},
    "restore.cancel": {"ko": "취소", "en": "Cancel"},
    "restore.ok": {"ko": "확인", "en": "OK"},
    "restore.extracting": {
        "ko": "{file} 백업을 풀고 확인하는 중… 지금 데이터는 아직 그대로입니다.",
        "en": "Unpacking and checking {file}… your current data is still untouched.",
    },
    "restore.waiting": {
        "ko": "저장 중인 답변이 끝나기를 기다리는 중…",
        "en": "Waiting for answers still being saved…",
    },
    "restore.swapping": {
        "ko": "복원한 데이터를 제자리로 옮기는 중…",
        "en": "Moving the restored data into place…",
    },
    "restore.still_working": {
        "ko": "저장하거나 받아쓰는 중인 답변이 끝나지 않아 복원을 멈췄습니다. 잠시 뒤 다시 시도하세요. "
        "지금 데이터는 그대로입니다.",
        "en": "An answer was still being saved or transcribed, so the restore stopped. Try again in a "
        "moment. Your current data is unchanged.",
    },
    "restore.bad_file": {
        "ko": "{file} 파일은 이 앱의 백업이 아니거나 손상되어 복원할 수 없습니다. 지금 데이터는 그대로입니다.",
        "en": "Interview Sim cannot restore from {file}: it is not one of its backups, or it is damaged. "
        "Your current data is unchanged.",
    },
    "restore.newer_file": {
        "ko": "{file} 파일은 더 새로운 Interview Sim으로 만든 백업입니다. 앱을 업데이트한 뒤 복원하세요. "
        "지금 데이터는 그대로입니다.",
        "en": "{file} was made by a newer Interview Sim. Update the app, then restore. "
        "Your current data is unchanged.",
    },
    "restore.busy_file": {
        "ko": "지금은 {file} 파일로 복원할 수 없습니다. 녹음이나 다른 복원이 끝난 뒤 다시 해 보세요. 지금 데이터는 그대로입니다.",
        "en": "Cannot restore from {file} right now: wait for the recording or the other restore to end. "
        "Your current data is unchanged.",
    },
    "restore.unchanged": {
        "ko": "복원하지 않았습니다. 데이터는 그대로입니다.",
        "en": "Nothing was restored; your data is unchanged.",
    },
    "restore.kept": {
        "ko": "이전 데이터는 {backup} 에 보관되어 있습니다.",
        "en": "Your previous data is kept in {backup}.",
    },
    "restore.done": {
        "ko": "{file} 백업에서 파일 {files}개를 복원했습니다.\n{kept}\n\n"
        "복원한 데이터를 열도록 Interview Sim을 다시 시작합니다.",
        "en": {
            "one": "Restored {files} file from {file}.\n{kept}\n\nInterview Sim now restarts to open the restored data.",
            "other": "Restored {files} files from {file}.\n{kept}\n\nInterview Sim now restarts to open the restored data.",
        },
    },
    "restore.swap_failed": {
        "ko": "복원한 데이터를 제자리로 옮기지 못해 원래 데이터로 되돌렸습니다. Interview Sim을 다시 시작합니다.",
        "en": "The restored data could not be moved into place, so nothing changed. Interview Sim now restarts.",
    },
    "restore.settled": {
        "ko": "중단되었던 복원을 마무리했습니다.",
        "en": "An interrupted restore was finished.",
    },
    "restore.settle_failed": {
        "ko": "중단되었던 복원을 마무리하지 못했습니다. 다시 복원해 보세요.",
        "en": "An interrupted restore could not be finished. Try the restore again.",
    },
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
    "interview.progress": {"ko": "질문 {index} / {total}", "en": "Question {index} of {total}"},
    "interview.follow_up": {"ko": "꼬리 질문", "en": "Follow-up"},
    "interview.speaking": {"ko": "질문을 읽는 중…", "en": "Reading the question…"},
    "interview.thinking": {"ko": "생각할 시간", "en": "Time to think"},
    "interview.answering": {"ko": "답변 중", "en": "Answering"},
    "interview.reading_then": {
        "ko": "질문이 끝나면 생각할 시간이 시작됩니다",
        "en": "Thinking time starts when the question ends",
    },
    "interview.think_then": {
        "ko": "시간이 다 되면 답변이 시작됩니다 (Space: 바로 시작)",
        "en": "The answer starts when the time is up (Space: start now)",
    },
    "interview.target_line": {"ko": "목표 {target} · 최대 {max}", "en": "Target {target} · max {max}"},
    "interview.answered": {
        "ko": "답변 완료 ({elapsed}). Enter: 다음 질문",
        "en": "Answer done ({elapsed}). Enter: next question",
    },
    "interview.done": {
        "ko": "면접이 끝났습니다. 답변 {count}개",
        "en": {"one": "Interview over: {count} answer", "other": "Interview over: {count} answers"},
    },
    "interview.at_target": {"ko": "목표 시간입니다. 마무리하세요", "en": "Target time: wrap up"},
    "interview.overrun": {
        "ko": "최대 시간을 넘었습니다. 마무리하세요",
        "en": "Over the maximum time: wrap up",
    },
    "interview.should_be": {"ko": "지금 단계: {section}", "en": "You should be on: {section}"},
    "interview.answer_now": {"ko": "지금 답변 시작", "en": "Answer now"},
    "interview.stop": {"ko": "답변 끝내기", "en": "Stop answer"},
    "interview.next": {"ko": "다음 질문", "en": "Next question"},
    "interview.repeat": {"ko": "다시 듣기", "en": "Repeat"},
    "interview.mark": {"ko": "다음 단계", "en": "Next section"},
    "interview.end": {"ko": "면접 끝내기", "en": "End interview"},
    "interview.level": {"ko": "마이크", "en": "Mic"},
    "interview.captions": {"ko": "실시간 자막", "en": "Live captions"},
    "interview.typed_placeholder": {
        "ko": "마이크를 쓸 수 없습니다. 여기에 답변을 입력하세요. 시간은 그대로 잽니다. Ctrl+Enter: 답변 끝내기",
        "en": "No microphone available: type your answer here. It is still timed. Ctrl+Enter: stop the answer",
    },
    "interview.no_microphone": {
        "ko": "마이크를 쓸 수 없어 답변을 입력해서 진행합니다.",
        "en": "The microphone cannot be used, so answers are typed.",
    },
    "interview.no_voice": {
        "ko": "질문을 소리 내어 읽지 못했습니다. 화면의 질문을 읽어 주세요. 설정(Ctrl+,)에서 스피커와 음성을 확인하세요.",
        "en": "The question could not be spoken: read it on screen, and check the speaker and voice in the settings (Ctrl+,).",
    },
    "interview.typed_mode": {
        "ko": "마이크를 쓰지 않으므로 답변을 입력합니다. 시간은 그대로 잽니다.",
        "en": "No microphone in use: answers are typed, and still timed.",
    },
    "interview.device_error": {
        "ko": "장치에 문제가 생겼습니다. 면접은 계속할 수 있습니다.",
        "en": "Something went wrong with a device. The interview can go on.",
    },
    "interview.saved": {"ko": "답변을 저장했습니다.", "en": "Answer saved."},
    "help.title": {
        "ko": "단축키 (F1 또는 ?로 열고 닫기)",
        "en": "Keyboard shortcuts (F1 or ? to open and close)",
    },
    "help.space": {"ko": "지금 답변 시작 / 답변 끝내기", "en": "Answer now / stop the answer"},
    "help.next_section": {"ko": "다음 단계로 표시", "en": "Mark the next section"},
    "help.tab_focus": {
        "ko": "다음 항목으로 이동 (Shift+Tab: 이전)",
        "en": "Move to the next control (Shift+Tab: back)",
    },
    "help.f1": {"ko": "이 도움말 열고 닫기", "en": "Show or hide this help"},
    "help.bank_search": {"ko": "질문 검색", "en": "Search the questions"},
    "help.bank_practise": {"ko": "고른 질문 연습하기", "en": "Practise the chosen question"},
    "help.history_open": {"ko": "고른 답변 열기", "en": "Open the chosen answer"},
    "help.history_find": {"ko": "질문으로 찾기", "en": "Find by question"},
    "help.history_compare": {"ko": "고른 두 답변 비교", "en": "Compare the two chosen answers"},
    "help.history_progress": {"ko": "답변 목록 / 발전 추이", "en": "Answers / progress"},
    "help.history_delete": {"ko": "답변 삭제 / 면접 삭제", "en": "Delete the answer / the session"},
    "help.back": {"ko": "뒤로", "en": "Back"},
    "help.r": {"ko": "질문 다시 듣기", "en": "Repeat the question"},
    "help.next": {"ko": "다음 질문", "en": "Next question"},
    "help.typed_stop": {"ko": "입력한 답변 끝내기", "en": "Stop a typed answer"},
    "help.esc": {"ko": "면접 끝내고 복기", "en": "End the interview and review"},
    "help.enter_start": {
        "ko": "시작 화면: 오늘의 연습 (사용자 지정 양식 안에서는 그 면접)",
        "en": "Start screen: today's practice (the custom session from inside its form)",
    },
    "help.settings": {"ko": "설정 열기", "en": "Open the settings"},
    # -- review of one answer, session summary, history (issue 5) --
    "nav.back": {"ko": "뒤로", "en": "Back"},
    "menu.history": {"ko": "연습 기록(&H)", "en": "&History"},
    "archive.no_db": {
        "ko": "연습 기록을 열 수 없습니다. 데이터 폴더에 쓸 수 있는지 확인하세요.",
        "en": "The practice archive cannot be opened. Check that the data folder is writable.",
    },
    "archive.load_failed": {
        "ko": "연습 기록을 불러오지 못했습니다. 다시 열어 보세요.",
        "en": "Could not load the practice history. Try opening it again.",
    },
    "archive.save_failed": {
        "ko": "저장하지 못했습니다. 디스크 공간과 데이터 폴더를 확인하세요.",
        "en": "Could not save. Check the disk space and the data folder.",
    },
    "review.title": {"ko": "답변 복기", "en": "Answer review"},
    "review.loading": {"ko": "답변을 불러오는 중…", "en": "Loading the answer…"},
    "review.missing": {
        "ko": "이 답변은 더 이상 없습니다 (#{id}).",
        "en": "This answer no longer exists (#{id}).",
    },
    "question.generated_label": {
        "ko": "{text} (AI 꼬리질문 · {parent})",
        "en": "{text} (AI follow-up to: {parent})",
    },
    "question.missing_label": {
        "ko": "{id} (질문 은행에 더 이상 없는 질문)",
        "en": "{id} (no longer in the bank)",
    },
    "review.unknown_question": {
        "ko": "질문 목록에 없는 질문입니다: {id}",
        "en": "This question is not in the bank: {id}",
    },
    "review.meta": {
        "ko": "{date} · 답변 #{id} · {status}",
        "en": "{date} · answer #{id} · {status}",
    },
    "review.transcript": {"ko": "내 답변", "en": "Your answer"},
    "review.transcript_corrected": {"ko": "내 답변 (고친 글)", "en": "Your answer (corrected)"},
    "review.transcript_recognized": {"ko": "내 답변 (인식된 글)", "en": "Your answer (as recognized)"},
    "review.transcript_tip": {
        "ko": "단어를 누르거나 단어에서 Enter: 그 부분부터 듣기 (Ctrl+J로 이곳에 초점)",
        "en": "Click a word, or Enter on it: listen from there (Ctrl+J puts the focus here)",
    },
    "review.no_transcript": {"ko": "(인식된 글이 없습니다)", "en": "(nothing was recognized)"},
    "review.reference": {"ko": "모범 답안", "en": "Reference answer"},
    "review.reference_n": {"ko": "모범 답안 {n} · {source}", "en": "Reference {n} · {source}"},
    "review.your_reference": {"ko": "내가 쓴 모범 답안", "en": "Your reference"},
    "review.no_reference": {
        "ko": "이 질문에는 모범 답안이 없습니다. '모범 답안 쓰기'(Ctrl+R)로 직접 써 보세요.",
        "en": "This question has no reference answer. Write your own with 'Write a reference answer' (Ctrl+R).",
    },
    "review.legend": {
        "ko": "초록: 말한 핵심어 · 빨강: 빠뜨린 핵심어 · 노랑: 군말 · 물결: 반복 · ‖: 긴 쉼",
        "en": "Green: key term said · red: key term missed · yellow: filler · wavy: repeat · ‖: long pause",
    },
    "review.keywords": {"ko": "핵심어 {covered}/{total}", "en": "Key terms {covered}/{total}"},
    "review.missed": {"ko": "빠뜨린 핵심어: {terms}", "en": "Missed: {terms}"},
    "review.score_none": {
        "ko": "내용 점수 없음 (핵심어와 모범 답안이 없습니다)",
        "en": "No content score (no key terms and no reference)",
    },
    "review.col_measure": {"ko": "항목", "en": "Measure"},
    "review.col_value": {"ko": "내 답변", "en": "Yours"},
    "review.col_norm": {"ko": "기준", "en": "Norm"},
    "review.col_verdict": {"ko": "평가", "en": "Verdict"},
    "metric.length": {"ko": "답변 길이", "en": "Length"},
    "metric.section": {"ko": "· {name}", "en": "· {name}"},
    "metric.first_word": {"ko": "첫마디까지", "en": "Time to first word"},
    "metric.rate_ko": {"ko": "말 빠르기 (분당 음절)", "en": "Pace (syllables a minute)"},
    "metric.rate_en": {"ko": "말 빠르기 (분당 단어)", "en": "Pace (words a minute)"},
    "metric.pace": {"ko": "말 빠르기", "en": "Pace"},
    "metric.fillers": {"ko": "군말", "en": "Fillers"},
    "metric.pauses": {"ko": "긴 쉼 (2초 넘게)", "en": "Long pauses (over 2 s)"},
    "metric.repeats": {"ko": "반복한 말", "en": "Repeated words"},
    "metric.content": {"ko": "내용 점수", "en": "Content score"},
    "metric.coverage": {"ko": "핵심어 포함률", "en": "Key-term coverage"},
    "metric.similarity": {"ko": "모범 답안과 유사도", "en": "Similarity"},
    "metric.duration": {"ko": "답변 길이 (초)", "en": "Length (s)"},
    "metric.rate": {"ko": "말 빠르기", "en": "Speaking rate"},
    "metric.fillers_per_minute": {"ko": "분당 군말", "en": "Fillers per minute"},
    "norm.range": {"ko": "{low}–{high}", "en": "{low}–{high}"},
    "norm.rate_ko": {"ko": "분당 {low}–{high}음절", "en": "{low}–{high} syllables a minute"},
    "norm.rate_en": {"ko": "분당 {low}–{high}단어", "en": "{low}–{high} words a minute"},
    "norm.length": {"ko": "{low}–{high}초 (목표 {target}초)", "en": "{low}–{high} s (target {target} s)"},
    "norm.planned": {"ko": "계획 {planned}초", "en": "planned {planned} s"},
    "norm.at_most": {"ko": "{value}초 이내", "en": "within {value} s"},
    "norm.fillers": {"ko": "분당 {value}개 미만", "en": "under {value} per minute"},
    "norm.none": {"ko": "없을수록 좋음", "en": "the fewer the better"},
    "value.seconds": {"ko": "{value}초", "en": "{value} s"},
    "value.fillers": {"ko": "{count}개 (분당 {per_minute}개)", "en": "{count} ({per_minute} a minute)"},
    "value.fillers_short": {"ko": "{count}개 ({seconds}초 동안)", "en": "{count} (in {seconds} s)"},
    "value.rate_ko": {"ko": "분당 {value}음절", "en": "{value} syllables a minute"},
    "value.rate_en": {"ko": "분당 {value}단어", "en": "{value} words a minute"},
    "value.count_ko": {
        "ko": "{seconds}초에 {count}음절",
        "en": {"one": "{count} syllable in {seconds} s", "other": "{count} syllables in {seconds} s"},
    },
    "value.count_en": {
        "ko": "{seconds}초에 {count}단어",
        "en": {"one": "{count} word in {seconds} s", "other": "{count} words in {seconds} s"},
    },
    "value.score": {"ko": "{score}점", "en": "{score}"},
    "value.per_minute": {"ko": "분당 {value}", "en": "{value} a minute"},
    "value.in_seconds": {"ko": "{seconds}초에 {count}", "en": "{count} in {seconds} s"},
    "value.count": {"ko": "{count}", "en": "{count}"},
    "verdict.ok": {"ko": "좋음", "en": "Good"},
    "verdict.too_short": {"ko": "짧음", "en": "Too short"},
    "verdict.too_long": {"ko": "김", "en": "Too long"},
    "verdict.late": {"ko": "늦음", "en": "Late"},
    "verdict.slow": {"ko": "느림", "en": "Slow"},
    "verdict.fast": {"ko": "빠름", "en": "Fast"},
    "verdict.noticeable": {"ko": "눈에 띔", "en": "Noticeable"},
    "verdict.too_many": {"ko": "많음", "en": "Too many"},
    "verdict.unknown": {"ko": "알 수 없음", "en": "Unknown"},
    "verdict.unmarked": {"ko": "단계 표시 없음", "en": "No section marks"},
    "verdict.not_reached": {"ko": "도달 못함", "en": "Not reached"},
    "verdict.typed": {"ko": "입력한 답변 (해당 없음)", "en": "Typed answer (not measured)"},
    "verdict.some": {"ko": "{count}번", "en": "{count} found"},
    "review.play": {"ko": "재생", "en": "Play"},
    "review.pause": {"ko": "일시 정지", "en": "Pause"},
    "review.no_audio": {"ko": "녹음 없음", "en": "No recording"},
    "review.audio_failed": {
        "ko": "녹음을 재생할 수 없습니다. 설정에서 스피커를 확인하세요.",
        "en": "Cannot play the recording. Check the speaker in the settings.",
    },
    "review.correct": {"ko": "받아쓰기 고치기", "en": "Correct transcript"},
    "review.show_recognized": {"ko": "인식된 원문 보기", "en": "Show recognized text"},
    "review.edit_reference": {"ko": "모범 답안·핵심어 고치기", "en": "Edit reference and key terms"},
    "review.write_reference": {"ko": "모범 답안 쓰기", "en": "Write a reference answer"},
    "review.save": {"ko": "저장", "en": "Save"},
    "review.cancel": {"ko": "취소", "en": "Cancel"},
    "review.edit_reference_hint": {
        "ko": "내가 쓴 모범 답안은 맨 앞에 보이고, 질문 목록이 업데이트되어도 그대로 남습니다. 비우면 지웁니다.",
        "en": "Your reference is shown first and survives updates of the bundled bank. Leave it empty to remove it.",
    },
    "review.keywords_hint": {
        "ko": "핵심어: 한 줄에 하나, 같은 뜻은 | 로 (예: 프로토콜 | 통신 규약)",
        "en": "Key terms: one per line, alternatives with | (e.g. protocol | rules)",
    },
    "review.generated_note": {
        "ko": "AI가 이 답변에서 만든 꼬리질문입니다. 질문 은행에는 없습니다.",
        "en": "A follow-up the AI made from your answer. It is not in your question bank.",
    },
    "review.generated_saved_note": {
        "ko": "AI가 만든 꼬리질문으로, 내 질문 은행에 저장했습니다.",
        "en": "A follow-up the AI made, saved to your question bank.",
    },
    "review.save_to_bank": {"ko": "내 질문 은행에 저장", "en": "Save to my bank"},
    "history.save_only_generated": {
        "ko": "AI가 만든 꼬리질문만 내 질문 은행에 저장할 수 있습니다.",
        "en": "Only a follow-up the AI made can be saved to your bank.",
    },
    "review.save_to_bank_tip": {
        "ko": "이 질문을 내 질문 은행에 꼬리질문으로 저장합니다. 지금까지의 답변도 함께 옮겨집니다.",
        "en": "Save this question to your bank as a follow-up; your answers so far move with it.",
    },
    "review.saved_to_bank": {"ko": "내 질문 은행에 저장됨", "en": "Saved to my bank"},
    "review.saved_to_bank_tip": {
        "ko": "이미 내 질문 은행에 있습니다 ({id}).",
        "en": "Already in your bank ({id}).",
    },
    "review.saved_generated": {
        "ko": "내 질문 은행에 저장했습니다: {id}",
        "en": "Saved to your bank as {id}.",
    },
    "review.saved_reference": {
        "ko": "모범 답안과 핵심어를 저장했습니다.",
        "en": "Reference and key terms saved.",
    },
    "review.saved_correction": {
        "ko": "고친 글을 저장했습니다. 인식된 원문도 남아 있습니다.",
        "en": "Correction saved; the recognized text is kept too.",
    },
    "review.notes": {"ko": "메모", "en": "Notes"},
    "review.notes_placeholder": {"ko": "이 답변에 대한 메모 (Ctrl+M)", "en": "Notes on this answer (Ctrl+M)"},
    "review.rating": {"ko": "평가", "en": "Rate"},
    "rating.again": {"ko": "다시", "en": "Again"},
    "rating.hard": {"ko": "어려움", "en": "Hard"},
    "rating.good": {"ko": "좋음", "en": "Good"},
    "rating.easy": {"ko": "쉬움", "en": "Easy"},
    "status.finished": {"ko": "녹음", "en": "recorded"},
    "status.no_audio": {"ko": "녹음 없음", "en": "no recording"},
    "status.typed": {"ko": "입력", "en": "typed"},
    "status.recovered": {"ko": "복구됨", "en": "recovered"},
    "status.recording": {"ko": "녹음 중 끊김", "en": "interrupted"},
    "status.failed": {"ko": "실패", "en": "failed"},
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
    "compare.title": {"ko": "두 답변 비교", "en": "Two answers compared"},
    "compare.change": {"ko": "변화", "en": "Change"},
    "compare.better": {"ko": "나아짐", "en": "better"},
    "compare.worse": {"ko": "나빠짐", "en": "worse"},
    "compare.same": {"ko": "변화 없음", "en": "no change"},
    "compare.first": {"ko": "이전 답변 · {date}", "en": "Earlier · {date}"},
    "compare.second": {"ko": "나중 답변 · {date}", "en": "Later · {date}"},
    "compare.diff_legend": {
        "ko": "빨간 취소선: 나중 답변에서 빠진 말 · 초록: 나중 답변에 새로 나온 말",
        "en": "Red, struck out: dropped in the later answer · green: new in the later answer",
    },
    "compare.play_first": {"ko": "이전 답변 재생", "en": "Play earlier"},
    "compare.play_second": {"ko": "나중 답변 재생", "en": "Play later"},
    "search.placeholder": {"ko": "질문 검색 (Ctrl+F)", "en": "Search questions (Ctrl+F)"},
    "engine.privacy.vosk": {
        "ko": "음성은 이 컴퓨터 안에서만 인식되며, 밖으로 보내지지 않습니다.",
        "en": "Your voice is recognized on this computer and never leaves it.",
    },
    "engine.privacy.faster_whisper": {
        "ko": "음성은 이 컴퓨터 안에서만 인식되며, 밖으로 보내지지 않습니다 "
        "(모델을 처음 한 번 내려받을 때만 인터넷을 씁니다).",
        "en": "Your voice is recognized on this computer and never leaves it "
        "(the internet is used only to download the model once).",
    },
    "engine.privacy.google": {
        "ko": "녹음한 답변이 인터넷을 통해 Google 서버로 보내져 인식됩니다.",
        "en": "Your recorded answers are sent over the internet to Google's servers to be recognized.",
    },
    # Device errors: what happened and what to do, in one line; the device's own (English) message
    # goes to a details area and the log (qt/errors.py), never into the sentence.
    # -- the verdict card, the summary's actions (issue 16) --
    "band.good": {"ko": "좋음", "en": "Good"},
    "band.fair": {"ko": "보통", "en": "Fair"},
    "band.weak": {"ko": "부족", "en": "Weak"},
    "band.none": {"ko": "점수 없음", "en": "No score"},
    "card.out_of": {"ko": "/ 100", "en": "/ 100"},
    "card.change_up": {"ko": "지난번보다 {delta}점 올랐습니다", "en": "{delta} points up on last time"},
    "card.change_down": {"ko": "지난번보다 {delta}점 내려갔습니다", "en": "{delta} points down on last time"},
    "card.change_same": {"ko": "지난번과 같은 점수입니다", "en": "The same score as last time"},
    "card.first": {"ko": "이 질문에 처음 한 답변입니다", "en": "Your first answer to this question"},
    "card.fixes": {"ko": "먼저 고칠 점", "en": "Fix these first"},
    "card.nothing": {"ko": "크게 고칠 점은 없습니다.", "en": "Nothing important to fix."},
    "card.again": {"ko": "이 질문 다시 답하기", "en": "Answer this question again"},
    "card.again_tip": {
        "ko": "이 질문 하나로 면접을 바로 시작합니다 (Ctrl+Shift+A)",
        "en": "Start an interview with just this question (Ctrl+Shift+A)",
    },
    "card.next": {"ko": "다음 답변", "en": "Next answer"},
    "card.next_tip": {
        "ko": "이 면접의 다음 답변 (Ctrl+Right)",
        "en": "The next answer of this interview (Ctrl+Right)",
    },
    "card.done": {"ko": "돌아가기", "en": "Go back"},
    "card.formula": {
        "ko": "내용 점수 = 핵심어 포함률 {coverage} × {cw} + 모범 답안과의 유사도 {similarity} × {sw}",
        "en": "Content score = key-term coverage {coverage} × {cw} + similarity to the reference {similarity} × {sw}",
    },
    "card.capped": {
        "ko": "답변이 목표 길이에 비해 매우 짧아 점수를 {cap}점까지로 제한했습니다 (제한 전 {uncapped}점).",
        "en": "The answer is far shorter than the target, so its score is capped at {cap} (it was {uncapped}).",
    },
    "headline.good": {"ko": "좋은 답변입니다.", "en": "A good answer."},
    "headline.good_but": {
        "ko": "좋은 답변입니다. 아래 한 가지만 다듬으면 더 좋습니다.",
        "en": "A good answer; polish the point below.",
    },
    "headline.fair": {
        "ko": "괜찮은 답변이지만 보완할 점이 있습니다.",
        "en": "A fair answer with things to improve.",
    },
    "headline.weak": {"ko": "다시 연습해 볼 만한 답변입니다.", "en": "Worth practising again."},
    "headline.too_short": {
        "ko": "목표 길이보다 훨씬 짧은 답변입니다.",
        "en": "Far shorter than the target length.",
    },
    "headline.empty": {"ko": "들린 답변이 없습니다.", "en": "No answer was heard."},
    "headline.no_reference": {
        "ko": "모범 답안과 핵심어가 없어 내용 점수는 없습니다.",
        "en": "No reference or key terms, so no content score.",
    },
    "headline.delivery_only": {
        "ko": "모범 답안이 없어 전달만 평가했습니다.",
        "en": "No reference: only the delivery is judged.",
    },
    "fix.missing_terms": {
        "ko": "빠뜨린 핵심어를 넣으세요: {terms}",
        "en": "Name the key terms you missed: {terms}",
    },
    "fix.far_too_short": {
        "ko": "훨씬 길게 답하세요: 목표 {target}초",
        "en": "Say much more: the target is {target} s",
    },
    "fix.too_short": {
        "ko": "조금 더 길게 답하세요: 목표 {target}초",
        "en": "Say a little more: the target is {target} s",
    },
    "fix.too_long": {
        "ko": "더 짧게 줄이세요: 목표 {target}초",
        "en": "Keep it shorter: the target is {target} s",
    },
    "fix.fillers": {
        "ko": "군말(음, 어…)을 줄이세요: {count}번",
        "en": {"one": "Drop the filler (um, uh…): {count}", "other": "Drop the fillers (um, uh…): {count}"},
    },
    "fix.pace_slow": {"ko": "조금 더 빠르게 말하세요", "en": "Speak a little faster"},
    "fix.pace_fast": {"ko": "조금 더 천천히 말하세요", "en": "Slow down a little"},
    "fix.long_pauses": {
        "ko": "2초 넘는 침묵을 줄이세요: {count}번",
        "en": {"one": "Avoid silences over 2 s: {count}", "other": "Avoid silences over 2 s: {count}"},
    },
    "fix.late_start": {
        "ko": "더 빨리 첫마디를 시작하세요: {seconds}초 걸림",
        "en": "Start sooner: the first word came at {seconds} s",
    },
    "fix.trailing_off": {
        "ko": "문장 끝까지 또렷하게 말하세요: {count}문장이 흐려짐",
        "en": {
            "one": "Finish sentences clearly: {count} trailed off",
            "other": "Finish sentences clearly: {count} trailed off",
        },
    },
    "fix.hedges": {
        "ko": '"~것 같습니다" 대신 단정적으로 말하세요: {count}번',
        "en": {
            "one": "Say it with confidence, without hedges: {count}",
            "other": "Say it with confidence, without hedges: {count}",
        },
    },
    "fix.repeats": {
        "ko": "같은 말을 되풀이하지 마세요: {count}번",
        "en": {"one": "Avoid repeating words: {count}", "other": "Avoid repeating words: {count}"},
    },
    "review.details": {"ko": "자세한 측정값", "en": "Measurements"},
    "review.details_tip": {
        "ko": "측정값 보이기/숨기기 (Ctrl+D)",
        "en": "Show or hide the measurements (Ctrl+D)",
    },
    "review.rating_help": {
        "ko": "내가 느낀 대로 평가하세요. 1 다시: 거의 못 했다 · 2 어려움: 겨우 답했다 · 3 좋음: 답했다 · "
        "4 쉬움: 막힘없이 답했다. 평가는 이 질문을 언제 다시 연습할지 정합니다.",
        "en": "Rate how it felt. 1 Again: could hardly answer · 2 Hard: answered with effort · "
        "3 Good: answered · 4 Easy: answered without a pause. The rating decides when this question comes back.",
    },
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
    "speech.no_microphone": {"ko": "마이크 없음 · 답변은 입력", "en": "No microphone · answers typed"},
    "fix.open_microphone": {"ko": "마이크 설정 열기", "en": "Open microphone settings"},
    "fix.open_speaker": {"ko": "스피커와 음성 설정 열기", "en": "Open speaker and voice settings"},
    "fix.open_recognition": {"ko": "음성 인식 설정 열기", "en": "Open recognition settings"},
    "message.details": {"ko": "자세히", "en": "Details"},
    "error.no_microphone": {
        "ko": "마이크를 찾을 수 없습니다. 마이크를 연결하고 설정(Ctrl+,)에서 고르세요. 답변은 입력해서 할 수 있습니다.",
        "en": "No microphone found. Connect one and pick it in the settings (Ctrl+,); meanwhile answers are typed.",
    },
    "error.no_speaker": {
        "ko": "스피커를 찾을 수 없습니다. 스피커를 연결하고 설정에서 고르세요. 질문은 화면에 표시됩니다.",
        "en": "No speaker found. Connect one and pick it in the settings; questions are shown on screen.",
    },
    "error.no_voice": {
        "ko": "이 언어의 음성(TTS)이 없습니다. espeak-ng 같은 음성을 설치하세요. 질문은 화면에 표시됩니다.",
        "en": "No text-to-speech voice for this language. Install one (e.g. espeak-ng); questions are shown on screen.",
    },
    "error.disk_full": {
        "ko": "디스크 공간이 부족합니다. 공간을 비운 뒤 다시 답변하세요. 지금까지 녹음한 부분은 보존됩니다.",
        "en": "The disk is full. Free some space and answer again; what was recorded so far is kept.",
    },
    "error.device_lost": {
        "ko": "녹음 중 장치가 끊겼습니다. 연결을 확인하세요. 지금까지의 답변은 보존됩니다.",
        "en": "The device went away while recording. Check the connection; the answer so far is kept.",
    },
    "error.model_missing": {
        "ko": "음성 인식 모델을 쓸 수 없습니다. 답변은 녹음되지만 글로 옮기지 않습니다. 설정에서 엔진이나 모델을 확인하세요.",
        "en": "The speech recognition model cannot be used: answers are recorded but not transcribed. Check the engine or model in the settings.",
    },
    "error.device": {
        "ko": "장치 문제가 생겼습니다. 면접은 계속할 수 있습니다.",
        "en": "A device problem occurred; the interview can go on.",
    },
    "error.unexpected": {
        "ko": "예상하지 못한 문제가 생겼습니다. 면접은 계속할 수 있습니다.",
        "en": "Something unexpected went wrong; the interview can go on.",
    },
    # A whole second of exact zeros from the microphone: access denied by the system.
    "microphone.blocked.darwin": {
        "ko": "마이크에서 소리가 전혀 들어오지 않습니다 (처음 1초가 완전한 무음). macOS가 마이크 접근을 막고 있을 수 있습니다: 시스템 설정 > 개인정보 보호 및 보안 > 마이크에서 Interview Sim을 켠 뒤 앱을 다시 시작하세요.",
        "en": "No sound at all is coming from the microphone (the first second was pure silence). macOS is probably blocking access to it: turn on Interview Sim in System Settings > Privacy & Security > Microphone, then restart the app.",
    },
    "microphone.blocked.win32": {
        "ko": "마이크에서 소리가 전혀 들어오지 않습니다 (처음 1초가 완전한 무음). Windows가 마이크 접근을 막고 있을 수 있습니다: 설정 > 개인 정보 및 보안 > 마이크에서 '마이크 액세스'와 '데스크톱 앱에서 마이크에 액세스하도록 허용'을 켜세요.",
        "en": "No sound at all is coming from the microphone (the first second was pure silence). Windows is probably blocking access to it: in Settings > Privacy & security > Microphone, turn on 'Microphone access' and 'Let desktop apps access your microphone'.",
    },
    "microphone.blocked.other": {
        "ko": "마이크에서 소리가 전혀 들어오지 않습니다 (처음 1초가 완전한 무음). 마이크가 음소거되지 않았는지, 시스템 소리 설정과 이 앱의 설정(Ctrl+,)에서 올바른 입력 장치를 골랐는지 확인하세요.",
        "en": "No sound at all is coming from the microphone (the first second was pure silence). Check that it is not muted and that the right input is chosen in the system's sound settings and in this app's settings (Ctrl+,).",
    },
    # No Korean voice among the installed ones: how to add one on this system.
    "voice.no_korean.win32": {
        "ko": "한국어 음성(TTS)이 없어 질문을 화면에 글로 보여 줍니다. 설정 > 시간 및 언어 > 언어 및 지역에서 한국어를 추가하고 '텍스트 음성 변환'을 설치하세요. 그래도 목록에 없으면: Windows 설정으로 추가한 음성은 이 앱이 쓰는 SAPI5 목록(레지스트리 Speech\\Voices)에 나타나지 않으므로, 관리자 권한으로 Speech_OneCore\\Voices\\Tokens의 한국어 항목(예: Heami)을 Speech\\Voices\\Tokens로 복사해야 합니다 (packaging/README.md 참고).",
        "en": "No Korean text-to-speech voice: questions are shown as text. Add Korean in Settings > Time & language > Language & region with its 'Text-to-speech' feature. If it still is not listed: voices added through Windows Settings do not appear in the SAPI5 list this app uses (registry Speech\\Voices); as an administrator, copy the Korean entry (e.g. Heami) from Speech_OneCore\\Voices\\Tokens to Speech\\Voices\\Tokens (see packaging/README.md).",
    },
    "voice.no_korean.darwin": {
        "ko": "한국어 음성(TTS)이 없어 질문을 화면에 글로 보여 줍니다. 시스템 설정 > 손쉬운 사용 > 읽기 및 말하기 > 시스템 음성 > 음성 관리에서 한국어 음성(예: Yuna)을 내려받은 뒤 앱을 다시 시작하세요.",
        "en": "No Korean text-to-speech voice: questions are shown as text. Download a Korean voice (e.g. Yuna) in System Settings > Accessibility > Read & Speak > System voice > Manage Voices, then restart the app.",
    },
    "voice.no_korean.other": {
        "ko": "한국어 음성(TTS)이 없어 질문을 화면에 글로 보여 줍니다. espeak-ng를 설치하세요 (예: sudo apt install espeak-ng).",
        "en": "No Korean text-to-speech voice: questions are shown as text. Install espeak-ng (e.g. sudo apt install espeak-ng).",
    },
    # Loading and recovery
    "speech.loading": {"ko": "음성 인식 모델을 불러오는 중…", "en": "Loading the speech model…"},
    "speech.ready": {"ko": "음성 준비됨", "en": "Speech ready"},
    "speech.unavailable": {"ko": "음성 인식 없음", "en": "No speech recognition"},
    "start.speech_loading": {
        "ko": "음성 인식 모델을 불러오는 중입니다. 지금 시작하면 준비되는 대로 면접이 시작됩니다.",
        "en": "The speech model is still loading. If you start now, the interview begins as soon as it is ready.",
    },
    "start.waiting_speech": {
        "ko": "음성 인식 모델이 준비되면 면접을 시작합니다…",
        "en": "The interview starts as soon as the speech model is ready…",
    },
    "recovery.running": {
        "ko": "중단되었던 답변 {count}개를 복구해 글로 옮기는 중…",
        "en": {
            "one": "Transcribing {count} interrupted answer that was recovered…",
            "other": "Transcribing {count} interrupted answers that were recovered…",
        },
    },
    "recovery.done": {
        "ko": "중단되었던 답변 {count}개를 복구했습니다.",
        "en": {
            "one": "{count} interrupted answer was recovered.",
            "other": "{count} interrupted answers were recovered.",
        },
    },
    "recovery.problems": {
        "ko": "복구한 답변 중 {count}개는 글로 옮기지 못했습니다. 녹음은 남아 있습니다.",
        "en": {
            "one": "{count} recovered answer could not be transcribed; its recording is kept.",
            "other": "{count} recovered answers could not be transcribed; their recordings are kept.",
        },
    },
    # The second pass (interview_sim/qt/second_pass.py): the refined transcript of an answer.
    "refine.not_installed": {
        "ko": "정밀 인식 모델({model})이 설치되어 있지 않아 실시간 받아쓰기만 씁니다. 설정 > 음성 인식에서 받을 수 있습니다.",
        "en": "The second-pass model ({model}) is not installed, so only the live transcript is used. "
        "Download it in Settings > Recognition.",
    },
    "refine.failed": {
        "ko": "정밀 인식(2차) 엔진을 열지 못해 실시간 받아쓰기만 씁니다.",
        "en": "The second-pass engine could not be opened; only the live transcript is used.",
    },
    "refine.answer_failed": {
        "ko": "이 답변의 정밀 받아쓰기를 만들지 못했습니다. 실시간 받아쓰기는 남아 있습니다.",
        "en": "The accurate transcript of this answer could not be made; the live one is kept.",
    },
    "refine.pending": {
        "ko": "더 정확한 받아쓰기를 만드는 중…",
        "en": "A more accurate transcript is on its way…",
    },
    "refine.resuming": {
        "ko": "지난번에 끝나지 않은 정밀 받아쓰기 {count}개를 만드는 중…",
        "en": {
            "one": "Finishing {count} accurate transcript left undone last time…",
            "other": "Finishing {count} accurate transcripts left undone last time…",
        },
    },
    "refine.resumed": {
        "ko": "정밀 받아쓰기 {count}개를 마쳤습니다.",
        "en": {
            "one": "{count} accurate transcript finished.",
            "other": "{count} accurate transcripts finished.",
        },
    },
    "refine.resume_problems": {
        "ko": "정밀 받아쓰기 {count}개를 마치지 못했습니다. 실시간 받아쓰기는 남아 있습니다.",
        "en": {
            "one": "{count} accurate transcript could not be finished; the live one is kept.",
            "other": "{count} accurate transcripts could not be finished; the live ones are kept.",
        },
    },
    "review.transcript_refined": {"ko": "내 답변 (정밀 받아쓰기)", "en": "Your answer (accurate transcript)"},
    "review.transcript_live": {"ko": "내 답변 (실시간 받아쓰기)", "en": "Your answer (live transcript)"},
    "summary.refine_pending": {"ko": "정밀 받아쓰기 중…", "en": "refining…"},
    # Labels of the declared settings (core/settings.py), one per setting, keyed by its name.
    "setting.ui_language": {"ko": "화면 언어", "en": "Interface language"},
    "setting.theme": {"ko": "테마", "en": "Theme"},
    "setting.font_size": {"ko": "글자 크기", "en": "Font size"},
    "setting.input_device": {"ko": "마이크", "en": "Microphone"},
    "setting.output_device": {"ko": "스피커", "en": "Speaker"},
    "setting.tts_rate": {"ko": "말하기 속도", "en": "Speech rate"},
    "settings.rate_unit": {"ko": " 단어/분", "en": " words/min"},  # pyttsx3's rate is words per minute
    "setting.tts_volume": {"ko": "음량", "en": "Volume"},
    "setting.tts_voice_ko": {"ko": "한국어 음성", "en": "Korean voice"},
    "setting.tts_voice_en": {"ko": "영어 음성", "en": "English voice"},
    "setting.stt_engine": {"ko": "음성 인식 엔진", "en": "Speech recognition engine"},
    "setting.vosk_model_en_path": {"ko": "영어 Vosk 모델 경로", "en": "English Vosk model folder"},
    # The unit is the field's suffix ("5 초"), never also in the label.
    "setting.think_time_s": {"ko": "생각할 시간", "en": "Think time"},
    "setting.stop_on_silence": {"ko": "침묵하면 멈춤", "en": "Stop on silence"},
    "setting.silence_s": {"ko": "침묵 길이", "en": "Silence length"},
    "setting.live_captions": {"ko": "실시간 자막", "en": "Live captions"},
    "setting.review_mode": {"ko": "복기 시점", "en": "Review"},
    "setting.llm_provider": {"ko": "AI 면접관", "en": "AI interviewer"},
    "setting.llm_base_url": {"ko": "AI 서버 주소", "en": "AI server address"},
    "setting.llm_model": {"ko": "AI 모델", "en": "AI model"},
    "setting.llm_builtin_model": {"ko": "내장 AI 모델", "en": "Built-in AI model"},
    "setting.feedback_language": {"ko": "피드백 언어", "en": "Feedback language"},
    "setting.daily_goal": {"ko": "하루 목표", "en": "Daily goal"},
    "setting.refine_engine": {"ko": "정밀 인식(2차) 엔진", "en": "Second-pass (accurate) engine"},
    "setting.refine_model": {"ko": "정밀 인식 모델", "en": "Second-pass model"},
    # Settings
    "menu.settings": {"ko": "설정(&S)…", "en": "&Settings…"},
    "settings.title": {"ko": "설정", "en": "Settings"},
    "settings.ok": {"ko": "확인", "en": "OK"},
    "settings.cancel": {"ko": "취소", "en": "Cancel"},
    "settings.download_yes": {"ko": "내려받기", "en": "Download"},
    "settings.tab_general": {"ko": "일반", "en": "General"},
    "settings.tab_sound": {"ko": "마이크와 음성", "en": "Microphone and voice"},
    "settings.tab_recognition": {"ko": "음성 인식", "en": "Recognition"},
    "settings.tab_interview": {"ko": "면접", "en": "Interview"},
    "settings.default_device": {"ko": "시스템 기본 장치", "en": "System default"},
    "settings.auto_voice": {"ko": "자동 선택", "en": "Automatic"},
    "settings.language_ko": {"ko": "한국어", "en": "한국어 (Korean)"},
    "settings.language_en": {"ko": "English (영어)", "en": "English"},
    "settings.theme_system": {"ko": "시스템 설정 따르기", "en": "Follow the system"},
    "settings.theme_light": {"ko": "밝게", "en": "Light"},
    "settings.theme_dark": {"ko": "어둡게", "en": "Dark"},
    "settings.mic_test": {"ko": "마이크 테스트", "en": "Test microphone"},
    "settings.mic_test_stop": {"ko": "테스트 멈추기", "en": "Stop test"},
    "settings.mic_test_hint": {
        "ko": "말해 보세요. 막대가 움직이면 마이크가 작동합니다.",
        "en": "Say something: the bar moves when the microphone works.",
    },
    "settings.speak_sample": {"ko": "예시 듣기", "en": "Speak a sample"},
    "settings.sample_text_ko": {
        "ko": "안녕하세요. TCP와 UDP의 차이를 설명해 주세요.",
        "en": "안녕하세요. TCP와 UDP의 차이를 설명해 주세요.",
    },
    "settings.sample_text_en": {
        "ko": "Hello. Please explain the difference between TCP and UDP.",
        "en": "Hello. Please explain the difference between TCP and UDP.",
    },
    "settings.sample_busy": {"ko": "예시를 읽는 중…", "en": "Speaking the sample…"},
    # The engine list names each engine and says offline or online; the sentence under it says
    # what runs where and how big it is; only the online one has the (single) warning.
    "settings.engine_vosk": {"ko": "Vosk (오프라인, 기본)", "en": "Vosk (offline, default)"},
    "settings.engine_faster-whisper": {"ko": "faster-whisper (오프라인)", "en": "faster-whisper (offline)"},
    "settings.engine_google": {"ko": "Google (온라인)", "en": "Google (online)"},
    "settings.about_vosk": {
        "ko": "이 컴퓨터 안에서 인식하며 녹음은 밖으로 나가지 않습니다. 한국어 모델(약 {size})이 앱과 함께 설치되어 바로 쓸 수 있습니다.",
        "en": "Recognizes on this computer; recordings never leave it. The Korean model (about {size}) comes installed with the app.",
    },
    "settings.about_faster-whisper": {
        "ko": "이 컴퓨터 안에서 인식하며 녹음은 밖으로 나가지 않습니다. Vosk보다 정확하지만 느리고, 모델(약 {size})을 처음 한 번 내려받아야 합니다.",
        "en": "Recognizes on this computer; recordings never leave it. More accurate than Vosk but slower; its model (about {size}) is downloaded once.",
    },
    "settings.about_google": {
        "ko": "내려받을 모델은 없지만, 인식할 때마다 인터넷 연결이 필요합니다.",
        "en": "Nothing to download, but every answer needs an internet connection.",
    },
    "settings.online_warning": {
        "ko": "이 엔진은 답변 녹음을 인터넷으로 Google 서버에 보냅니다. 오프라인으로 쓰려면 Vosk를 고르세요.",
        "en": "This engine sends your recorded answers over the internet to Google's servers. Choose Vosk to stay offline.",
    },
    "settings.whisper_model": {"ko": "faster-whisper 모델", "en": "faster-whisper model"},
    "settings.refine_engine_faster-whisper": {
        "ko": "faster-whisper (이 컴퓨터 안에서)",
        "en": "faster-whisper (on this computer)",
    },
    "settings.refine_engine_none": {"ko": "끔 (실시간 받아쓰기만)", "en": "Off (live transcript only)"},
    "settings.refine_size": {"ko": "{size} · 약 {disk}", "en": "{size} · about {disk}"},
    "settings.refine_folder": {"ko": "폴더의 모델: {name}", "en": "Model in a folder: {name}"},
    "settings.refine_explain": {
        "ko": "답변하는 동안 녹음을 한 번 더 정확하게 받아씁니다(영어 답변은 이것으로 받아씁니다). 녹음은 이 컴퓨터 밖으로 나가지 않습니다.",
        "en": "Transcribes each answer again, more accurately, while you speak (English answers are "
        "transcribed by it). Recordings never leave this computer.",
    },
    "settings.accuracy_tiny": {
        "ko": "정확도: 가장 낮음, 한국어는 거침",
        "en": "Accuracy: lowest; rough for Korean",
    },
    "settings.accuracy_base": {
        "ko": "정확도: 또렷한 영어에 좋음, 한국어는 약함",
        "en": "Accuracy: good for clear English; weak Korean",
    },
    "settings.accuracy_small": {
        "ko": "정확도: 영어 좋음, 한국어 쓸 만함",
        "en": "Accuracy: good English, usable Korean",
    },
    "settings.accuracy_medium": {
        "ko": "정확도: 영어·한국어 모두 매우 좋음",
        "en": "Accuracy: very good English and Korean",
    },
    "settings.accuracy_large-v3": {
        "ko": "정확도: 가장 높음, GPU 없이는 느림",
        "en": "Accuracy: best; slow without a GPU",
    },
    "settings.refine_measure": {"ko": "이 컴퓨터에서 속도 재기", "en": "Measure this computer"},
    "settings.refine_measuring": {
        "ko": "재는 중… (10초 분량의 시험 음성)",
        "en": "Measuring… (10 s of test audio)",
    },
    "settings.refine_measured": {
        "ko": "이 컴퓨터에서 60초 답변에 약 {seconds}초 ({size}). 권장 크기: {recommended}",
        "en": "On this computer a 60 s answer takes about {seconds} s ({size}). Recommended size: {recommended}",
    },
    "settings.refine_too_slow": {
        "ko": "가장 작은 모델도 60초 답변에 20초 넘게 걸립니다: 답변이 끝난 뒤 마무리됩니다",
        "en": "even the smallest model takes over 20 s for a 60 s answer: it finishes after the answer",
    },
    "settings.refine_measure_needs_model": {
        "ko": "속도를 재려면 먼저 모델을 하나 내려받으세요.",
        "en": "Download a model first to measure this computer.",
    },
    "settings.whisper_installed": {"ko": "설치됨", "en": "Installed"},
    "settings.whisper_missing": {"ko": "설치되지 않음 (약 {size})", "en": "Not installed (about {size})"},
    "settings.whisper_download": {"ko": "모델 내려받기…", "en": "Download model…"},
    "settings.whisper_cancel": {"ko": "내려받기 취소", "en": "Cancel download"},
    "settings.whisper_consent": {
        "ko": "faster-whisper 모델 '{model}'({size} MB)을 인터넷에서 내려받을까요? 이 컴퓨터에 저장됩니다.",
        "en": "Download the faster-whisper model '{model}' ({size} MB) from the internet? It is stored on this computer.",
    },
    "settings.whisper_cancelled": {"ko": "내려받기를 취소했습니다.", "en": "The download was cancelled."},
    "settings.whisper_done": {"ko": "모델을 내려받았습니다.", "en": "The model is downloaded."},
    "settings.browse": {"ko": "찾아보기…", "en": "Browse…"},
    "settings.vosk_en_hint": {
        "ko": "영어 질문에 쓸 Vosk 모델 폴더 (예: vosk-model-small-en-us)",
        "en": "A Vosk model folder for English questions (e.g. vosk-model-small-en-us)",
    },
    "settings.bad_vosk_path": {
        "ko": "'{path}'는 Vosk 모델 폴더가 아닙니다 ('am' 폴더가 없습니다). 폴더를 다시 고르거나 비워 두세요.",
        "en": "'{path}' is not a Vosk model folder (no 'am' folder inside). Pick another folder or leave it empty.",
    },
    "settings.templates": {"ko": "답변 목표 시간", "en": "Answer target lengths"},
    "settings.templates_hint": {
        "ko": "바꾼 목표 시간은 내 템플릿 파일에 저장되고, 단계별 시간은 비율대로 조정됩니다.",
        "en": "Changed targets are saved in your templates file; section times keep their proportions.",
    },
    "settings.saved": {"ko": "설정을 저장했습니다.", "en": "Settings saved."},
    # The reason is the message's detail (qt/errors.py describe_failure), not part of the sentence.
    "settings.save_failed": {
        "ko": "설정을 저장하지 못했습니다. 데이터 폴더에 쓸 수 있는지 확인하세요.",
        "en": "The settings could not be saved. Check that the data folder is writable.",
    },
    "settings.templates_failed": {
        "ko": "답변 시간 템플릿을 저장하지 못했습니다. 데이터 폴더에 쓸 수 있는지 확인하세요.",
        "en": "The timing templates could not be saved. Check that the data folder is writable.",
    },
    # The reason is the message's detail (qt/errors.py), not part of the sentence.
    "settings.list_failed": {
        "ko": "장치나 음성 목록을 읽지 못했습니다.",
        "en": "The device or voice list could not be read.",
    },
    # -- the AI interviewer (issue 13) --
    "llm.error.connect": {
        "ko": "AI 서버({url})에 연결할 수 없습니다. 서버가 실행 중인지, 주소가 맞는지 확인하세요.",
        "en": "Cannot connect to the AI server at {url}. Check that it is running and the address is right.",
    },
    "llm.error.timeout": {
        "ko": "AI 서버({url})가 {seconds}초 안에 응답하지 않았습니다.",
        "en": "The AI server at {url} did not answer in time ({seconds} s).",
    },
    "llm.error.stall": {
        "ko": "AI 서버({url})가 답변 도중 {seconds}초 동안 멈췄습니다. 아무것도 저장하지 않았습니다.",
        "en": "The AI server at {url} stopped for {seconds} s in the middle of its reply; nothing was saved.",
    },
    "llm.error.dropped": {
        "ko": "AI 서버({url})가 답변을 끝내기 전에 연결을 끊었습니다. 아무것도 저장하지 않았습니다.",
        "en": "The AI server at {url} closed the connection before its reply was complete; nothing was saved.",
    },
    "llm.error.model_not_found": {
        "ko": "AI 서버({url})에 모델 '{model}'이(가) 없습니다. 모델을 내려받거나(예: ollama pull {model}) 다른 모델을 고르세요.",
        "en": "The AI server at {url} has no model '{model}'. Pull it (e.g. ollama pull {model}) or pick another model.",
    },
    "llm.error.unauthorized": {
        "ko": "AI 서버({url})가 API 키를 거부했습니다(HTTP {status}). 'interview-sim key set openai'로 키를 확인하세요.",
        "en": "The AI server at {url} refused the API key (HTTP {status}). Check it with 'interview-sim key set openai'.",
    },
    "llm.error.http": {
        "ko": "AI 서버({url})가 오류를 보냈습니다(HTTP {status}): {text}",
        "en": "The AI server at {url} returned an error (HTTP {status}): {text}",
    },
    "llm.error.malformed": {
        "ko": "AI 모델의 답이 두 번 모두 형식에 맞지 않았습니다({detail}). 다른 모델을 써 보세요.",
        "en": "The AI model's reply did not fit the expected format, twice ({detail}). Try another model.",
    },
    "llm.error.refused": {
        "ko": "AI 모델이 답하기를 거부했습니다: {text}",
        "en": "The AI model declined to answer: {text}",
    },
    "llm.error.cancelled": {"ko": "AI 피드백을 취소했습니다.", "en": "AI feedback cancelled."},
    "llm.error.not_configured": {
        "ko": "AI 면접관이 꺼져 있습니다. 설정에서 제공자를 고르거나 --provider 또는 --base-url과 --model을 주세요.",
        "en": "The AI interviewer is off. Pick a provider in the settings, or give --provider, or --base-url with --model.",
    },
    "llm.error.no_model": {
        "ko": "AI 모델이 정해지지 않았습니다({url}). 'interview-sim providers'로 모델 목록을 보고 설정하세요.",
        "en": "No AI model is set for {url}. 'interview-sim providers' lists the models; set one.",
    },
    "llm.error.bad_url": {
        "ko": "AI 서버 주소가 올바르지 않습니다: {url} (예: http://127.0.0.1:11434)",
        "en": "Not a valid AI server address: {url} (e.g. http://127.0.0.1:11434)",
    },
    "llm.error.no_transcript": {
        "ko": "답변 {attempt}에는 받아쓴 내용이 없어 피드백할 수 없습니다.",
        "en": "Answer {attempt} has no transcript to give feedback on.",
    },
    "llm.error.no_attempt": {
        "ko": "답변 {attempt}이(가) 없습니다 (interview-sim history로 목록을 보세요).",
        "en": "There is no answer {attempt} (interview-sim history lists them).",
    },
    "llm.error.no_session": {
        "ko": "면접 기록 {session}이(가) 없습니다 (interview-sim history로 목록을 보세요).",
        "en": "There is no session {session} (interview-sim history lists them).",
    },
    "llm.error.empty_session": {
        "ko": "면접 기록 {session}에는 받아쓴 답변이 없어 총평할 수 없습니다.",
        "en": "Session {session} has no transcribed answers to debrief.",
    },
    "llm.error.builtin_unavailable": {
        "ko": "내장 AI 엔진(llama.cpp)을 불러오지 못했습니다: {detail}. 앱을 다시 설치하세요.",
        "en": "The built-in AI engine (llama.cpp) could not be loaded: {detail}. Reinstall the app.",
    },
    "llm.error.builtin_bad_model": {
        "ko": "{path}은(는) 쓸 수 있는 GGUF 모델 파일이 아닙니다({detail}). 다시 내려받거나 다른 파일을 고르세요.",
        "en": "{path} is not a usable GGUF model file ({detail}). Download it again or choose another file.",
    },
    "llm.error.builtin_no_model": {
        "ko": "내장 AI의 모델이 정해지지 않았습니다. 설정 > AI 면접관에서 모델을 고르세요.",
        "en": "No model is chosen for the built-in AI. Choose one in Settings > AI interviewer.",
    },
    "llm.error.builtin_not_downloaded": {
        "ko": "내장 AI 모델 {model}({size} MB)을(를) 아직 내려받지 않았습니다. 설정 > AI 면접관에서 내려받으세요"
        " (명령줄: interview-sim providers --download {model_key}).",
        "en": "The built-in AI model {model} ({size} MB) is not downloaded yet. Download it in Settings > AI interviewer"
        " (command line: interview-sim providers --download {model_key}).",
    },
    "llm.error.builtin_missing": {
        "ko": "내장 AI의 모델 파일이 없습니다: {path}. 설정 > AI 면접관에서 다시 고르세요.",
        "en": "The built-in AI's model file is missing: {path}. Choose it again in Settings > AI interviewer.",
    },
    "llm.error.builtin_download": {
        "ko": "{model}을(를) 내려받지 못했습니다: {detail}. 받은 부분은 지웠습니다.",
        "en": "{model} could not be downloaded: {detail}. The partial file was removed.",
    },
    "llm.local": {"ko": "이 컴퓨터에서 실행", "en": "runs on this computer"},
    "llm.online": {
        "ko": "온라인: 질문, 모범 답안과 받아쓴 답변을 {host}(으)로 보냅니다",
        "en": "online: sends the question, the reference and your transcript to {host}",
    },
    "feedback.title": {"ko": "AI 피드백", "en": "AI feedback"},
    "feedback.by": {
        "ko": "{provider} · {model} · 프롬프트 {version} · {created}",
        "en": "{provider} · {model} · prompt {version} · {created}",
    },
    "feedback.missing": {"ko": "빠진 내용", "en": "Missing"},
    "feedback.wrong": {"ko": "틀린 내용", "en": "Wrong"},
    "feedback.better_answer": {"ko": "더 나은 답변", "en": "A better answer"},
    "feedback.criterion.accuracy": {"ko": "정확성", "en": "Accuracy"},
    "feedback.criterion.completeness": {"ko": "완성도", "en": "Completeness"},
    "feedback.criterion.structure": {"ko": "구성", "en": "Structure"},
    "feedback.criterion.specificity": {"ko": "구체성", "en": "Specificity"},
    "feedback.criterion.delivery": {"ko": "전달력", "en": "Delivery"},
    "feedback.score": {"ko": "{score}/5", "en": "{score}/5"},
    # The AI interviewer in the app (review panel, settings page, follow-ups, debrief).
    "settings.tab_ai": {"ko": "AI 면접관", "en": "AI interviewer"},
    "settings.llm_provider_off": {"ko": "끔", "en": "Off"},
    "settings.llm_provider_ollama": {"ko": "이 컴퓨터의 Ollama", "en": "Ollama on this computer"},
    "settings.llm_provider_openai": {
        "ko": "OpenAI 호환 서버 (llama.cpp, LM Studio, vLLM, 온라인 서비스)",
        "en": "OpenAI-compatible server (llama.cpp, LM Studio, vLLM, online services)",
    },
    "settings.llm_provider_builtin": {
        "ko": "내장 (이 컴퓨터에서, 앱 안에서 실행)",
        "en": "Built in (on this computer)",
    },
    "settings.ai_builtin_model": {"ko": "내장 모델", "en": "Built-in model"},
    "settings.ai_builtin_entry": {
        "ko": "{name} · {size} · {licence}",
        "en": "{name} · {size} · {licence}",
    },
    "settings.ai_builtin_recommended": {"ko": "{name} (추천)", "en": "{name} (recommended)"},
    "settings.ai_builtin_file": {"ko": "내 파일: {name}", "en": "My file: {name}"},
    "settings.ai_builtin_local": {
        "ko": "앱 안에서 이 컴퓨터의 CPU로 실행합니다: 아무것도 밖으로 나가지 않습니다. 처음 쓸 때 모델을 불러오는 데 몇 초 걸립니다.",
        "en": "Runs inside the app on this computer's CPU: nothing leaves it. The model takes a few seconds to load the first time it is used.",
    },
    "settings.ai_builtin_installed": {"ko": "내려받았습니다.", "en": "Downloaded."},
    "settings.ai_builtin_missing": {
        "ko": "아직 내려받지 않았습니다 ({size}).",
        "en": "Not downloaded yet ({size}).",
    },
    "settings.ai_builtin_file_ok": {"ko": "이 파일을 씁니다: {path}", "en": "Uses this file: {path}"},
    "settings.ai_builtin_download": {"ko": "내려받기", "en": "Download"},
    "settings.ai_builtin_choose": {"ko": "가진 GGUF 파일…", "en": "A GGUF file I have…"},
    "settings.ai_builtin_licence": {
        "ko": '라이선스: <a href="{url}">{licence}</a>',
        "en": 'Licence: <a href="{url}">{licence}</a>',
    },
    "settings.ai_builtin_consent": {
        "ko": "{model}을(를) 내려받을까요? 약 {size} MB이며 사용자 데이터 폴더에 저장됩니다. 라이선스: {licence} ({url})",
        "en": "Download {model}? About {size} MB, kept in your user-data folder. Licence: {licence} ({url})",
    },
    "settings.ai_builtin_done": {
        "ko": "내장 AI 모델을 내려받았습니다.",
        "en": "The built-in AI model was downloaded.",
    },
    "settings.ai_builtin_cancelled": {
        "ko": "내려받기를 취소했습니다.",
        "en": "The download was cancelled.",
    },
    "settings.ai_builtin_pick_title": {"ko": "GGUF 모델 파일 고르기", "en": "Choose a GGUF model file"},
    "settings.ai_builtin_ready": {
        "ko": "모델 파일을 쓸 수 있습니다 ({name}).",
        "en": "The model file is ready ({name}).",
    },
    "settings.feedback_language_question": {"ko": "질문의 언어", "en": "The question's language"},
    "settings.feedback_language_ko": {"ko": "한국어", "en": "Korean"},
    "settings.feedback_language_en": {"ko": "영어", "en": "English"},
    "settings.ai_about": {
        "ko": "AI 면접관은 고른 언어 모델로 답변의 내용을 평가하고(항목별 1-5점과 근거, 빠진 내용, 더 나은 답변), 꼬리질문을 만들고, 면접 총평을 씁니다. 끄면 앱의 나머지는 그대로 동작합니다.",
        "en": "The AI interviewer uses a language model you choose to judge the content of an answer (a 1-5 rubric with evidence, what is missing, a better answer), to ask follow-up questions and to debrief a session. Off, the rest of the app works as before.",
    },
    "settings.ai_online_warning": {
        "ko": "이 주소는 이 컴퓨터가 아닙니다: 질문, 모범 답안과 받아쓴 답변이 {host}(으)로 전송됩니다. 오프라인으로 쓰려면 이 컴퓨터의 서버(127.0.0.1)를 쓰세요.",
        "en": "This address is not this computer: the question, the reference answers and your transcript are sent to {host}. Use a server on this computer (127.0.0.1) to stay offline.",
    },
    "settings.ai_local": {
        "ko": "이 컴퓨터의 서버입니다: 아무것도 밖으로 나가지 않습니다.",
        "en": "A server on this computer: nothing leaves it.",
    },
    "settings.ai_models_loading": {"ko": "모델 목록을 읽는 중…", "en": "Reading the model list…"},
    "settings.ai_models_found": {
        "ko": "모델 {count}개를 찾았습니다.",
        "en": {"one": "Found {count} model.", "other": "Found {count} models."},
    },
    "settings.ai_model_hint": {
        "ko": "목록에서 고르거나 모델 이름을 입력하세요",
        "en": "Pick from the list or type a model name",
    },
    "settings.ai_key": {"ko": "API 키", "en": "API key"},
    "settings.ai_key_hint": {
        "ko": "필요한 서버에만 (시스템 키링에 저장, 설정 파일에는 저장하지 않음)",
        "en": "Only for servers that need one (kept in the system keyring, never in the settings file)",
    },
    "settings.ai_key_save": {"ko": "키 저장", "en": "Save key"},
    "settings.ai_key_delete": {"ko": "키 삭제", "en": "Delete key"},
    "settings.ai_key_stored": {
        "ko": "시스템 키링에 키가 저장되어 있습니다.",
        "en": "A key is stored in the system keyring.",
    },
    "settings.ai_key_none": {"ko": "저장된 키가 없습니다.", "en": "No key is stored."},
    "settings.ai_key_env": {
        "ko": "이번 실행에는 환경 변수 {name}의 키를 씁니다.",
        "en": "This session uses the key in the environment variable {name}.",
    },
    "settings.ai_key_saved": {
        "ko": "API 키를 시스템 키링에 저장했습니다.",
        "en": "The API key was saved in the system keyring.",
    },
    "settings.ai_key_deleted": {"ko": "API 키를 삭제했습니다.", "en": "The API key was deleted."},
    "settings.ai_key_failed": {
        "ko": "API 키를 저장하지 못했습니다: {error}",
        "en": "The API key was not saved: {error}",
    },
    "settings.ai_test": {"ko": "연결 확인", "en": "Test connection"},
    "settings.ai_testing": {"ko": "연결을 확인하는 중…", "en": "Testing the connection…"},
    "settings.ai_test_ok": {
        "ko": "연결되었습니다 ({url}): 모델 {count}개.",
        "en": {"one": "Connected to {url}: {count} model.", "other": "Connected to {url}: {count} models."},
    },
    "settings.ai_test_no_model": {
        "ko": "연결되었지만 모델 '{model}'이(가) 서버 목록에 없습니다.",
        "en": "Connected, but the model '{model}' is not in the server's list.",
    },
    "setting.follow_up_questions": {"ko": "답변마다 꼬리질문", "en": "A follow-up after each answer"},
    "feedback.get": {"ko": "피드백 받기", "en": "Get feedback"},
    "feedback.again": {"ko": "다시 받기", "en": "Again"},
    "feedback.cancel": {"ko": "취소", "en": "Cancel"},
    "feedback.none": {
        "ko": "이 답변에는 아직 AI 피드백이 없습니다.",
        "en": "This answer has no AI feedback yet.",
    },
    "feedback.asking": {"ko": "AI 모델에게 묻는 중…", "en": "Asking the AI model…"},
    "feedback.retrying": {
        "ko": "형식에 맞지 않는 답을 받아 한 번 더 묻는 중…",
        "en": "The reply did not fit the format; asking once more…",
    },
    "feedback.cancelled": {
        "ko": "취소했습니다. 아무것도 저장하지 않았습니다.",
        "en": "Cancelled; nothing was saved.",
    },
    "feedback.stale": {
        "ko": "이 피드백 이후 받아쓴 내용이 고쳐졌습니다. '다시 받기'로 새로 받으세요.",
        "en": "The transcript was corrected after this feedback; press Again for new feedback.",
    },
    "feedback.off": {
        "ko": "AI 면접관이 꺼져 있습니다. 켜면 고른 언어 모델이 답변의 내용을 평가합니다: 항목별 1-5점과 근거, 빠진 내용과 틀린 내용, 더 나은 답변.",
        "en": "The AI interviewer is off. Turned on, a language model you choose judges the content of your answer: a 1-5 rubric with evidence, what is missing or wrong, and a better answer.",
    },
    "feedback.open_settings": {"ko": "AI 설정 열기", "en": "Open the AI settings"},
    "feedback.builtin_loading": {
        "ko": "(내장 모델을 처음 불러오는 중이라 몇 초 더 걸립니다)",
        "en": "(loading the built-in model the first time takes a few seconds more)",
    },
    "feedback.online": {
        "ko": "온라인: 질문, 모범 답안과 받아쓴 답변을 {host}(으)로 보냅니다.",
        "en": "Online: the question, the reference answers and your transcript go to {host}.",
    },
    # -- questions from the candidate's documents (issue 13, point 4) --
    "documents.error.missing": {"ko": "{name}: 파일이 없습니다.", "en": "{name}: no such file."},
    "documents.error.unreadable": {
        "ko": "{name}: 파일을 읽을 수 없습니다 ({reason}).",
        "en": "{name}: the file cannot be read ({reason}).",
    },
    "documents.error.unsupported": {
        "ko": "{name}: 읽을 수 있는 형식이 아닙니다. {suffixes} 파일을 여세요.",
        "en": "{name}: not a format this reads; open a {suffixes} file.",
    },
    "documents.error.too_large": {
        "ko": "{name}: 파일이 {mb} MB로 너무 큽니다 (최대 {limit} MB).",
        "en": "{name}: the file is {mb} MB, too large (at most {limit} MB).",
    },
    "documents.error.too_long": {
        "ko": "{name}: 글이 너무 깁니다 ({chars}, 최대 {limit}). 자기소개서나 채용공고 부분만 넣으세요.",
        "en": "{name}: the text is too long ({chars}; at most {limit}). Use just the letter or the posting.",
    },
    "documents.error.too_much": {
        "ko": "문서를 모두 합치면 너무 깁니다 ({chars}자, 최대 {limit}자): {name}. 문서를 줄이세요.",
        "en": "The documents are too long together ({chars} characters; at most {limit}): {name}. Use fewer.",
    },
    "documents.error.empty": {"ko": "{name}: 글이 비어 있습니다.", "en": "{name}: there is no text in it."},
    "documents.error.no_text": {
        "ko": "{name}: PDF에 글자가 없습니다 (스캔한 이미지일 수 있습니다). 글을 복사해 붙여 넣으세요.",
        "en": "{name}: the PDF has no text (it may be a scanned image). Copy the text and paste it instead.",
    },
    "documents.error.encrypted": {
        "ko": "{name}: 암호가 걸린 PDF입니다. 암호를 풀고 저장한 뒤 여세요.",
        "en": "{name}: the PDF is password-protected; save a copy without the password and open that.",
    },
    "documents.error.binary": {
        "ko": "{name}: 글 파일로 읽을 수 없습니다 ({reason}).",
        "en": "{name}: cannot be read as text ({reason}).",
    },
    "help.documents": {
        "ko": "자기소개서·채용공고로 질문 만들기",
        "en": "Questions from my documents (letter, job posting)",
    },
    "documents.pasted": {"ko": "붙여 넣은 글", "en": "pasted text"},
    "documents.title": {
        "ko": "자기소개서·채용공고로 질문 만들기",
        "en": "Questions from my documents",
    },
    "documents.menu": {
        "ko": "자기소개서·채용공고로 질문 만들기…",
        "en": "Questions from my documents…",
    },
    "documents.intro": {
        "ko": "자기소개서나 채용공고를 붙여 넣거나 여세요. AI 면접관이 나올 만한 질문과 문서 내용만으로 쓴 답변 초안을 만듭니다. 고쳐 쓰고 골라서 내 질문에 저장하세요.",
        "en": "Paste or open your self-introduction letter or a job posting. The AI interviewer drafts the questions most likely to be asked, with draft answers written only from your documents. Edit them, pick the ones you want and save them to your bank.",
    },
    "documents.paste_hint": {
        "ko": "여기에 자기소개서나 채용공고를 붙여 넣으세요",
        "en": "Paste your self-introduction letter or the job posting here",
    },
    "documents.open": {"ko": "파일 열기…", "en": "Open…"},
    "documents.open_filter": {
        "ko": "문서 (*.txt *.md *.markdown *.pdf)",
        "en": "Documents (*.txt *.md *.markdown *.pdf)",
    },
    "documents.opened": {"ko": "연 파일: {names}", "en": "Opened: {names}"},
    "documents.clear": {"ko": "비우기", "en": "Clear"},
    "documents.local": {
        "ko": "{provider} · {model}: 이 컴퓨터에서 실행합니다. 문서는 이 컴퓨터를 떠나지 않습니다.",
        "en": "{provider} · {model}: runs on this computer. Your documents stay on it.",
    },
    "documents.online": {
        "ko": "{provider} · {model}: 온라인입니다. 문서의 글을 {host}(으)로 보냅니다.",
        "en": "{provider} · {model}: online. The text of your documents goes to {host}.",
    },
    "documents.not_kept": {
        "ko": "문서는 저장하지 않습니다. 아래에서 고르면 질문과 함께 보관합니다.",
        "en": "Your documents are not kept unless you choose so below.",
    },
    "documents.off": {
        "ko": "AI 면접관이 꺼져 있습니다. 질문을 만들려면 설정 > AI에서 제공자를 고르세요: 이 컴퓨터의 Ollama나 llama.cpp 서버(문서가 이 컴퓨터를 떠나지 않습니다), 또는 OpenAI 호환 온라인 서비스.",
        "en": "The AI interviewer is off. To draft questions, pick a provider in Settings > AI: Ollama or a llama.cpp server on this computer (your documents stay on it), or an online OpenAI-compatible service.",
    },
    "documents.lang": {"ko": "질문 언어", "en": "Question language"},
    "documents.lang.ko": {"ko": "한국어", "en": "Korean"},
    "documents.lang.en": {"ko": "영어", "en": "English"},
    "documents.generate": {"ko": "질문 만들기", "en": "Draft questions"},
    "documents.cancel": {"ko": "취소", "en": "Cancel"},
    "documents.asking": {"ko": "AI 모델이 질문을 만드는 중…", "en": "The AI model is drafting questions…"},
    "documents.progress": {
        "ko": "AI 모델이 질문을 만드는 중… 지금까지 {count}개",
        "en": {
            "one": "The AI model is drafting questions… {count} so far",
            "other": "The AI model is drafting questions… {count} so far",
        },
    },
    "documents.retrying": {
        "ko": "형식에 맞지 않는 답을 받아 한 번 더 묻는 중…",
        "en": "The reply did not fit the format; asking once more…",
    },
    "documents.cancelled": {
        "ko": "취소했습니다. 아무것도 저장하지 않았습니다.",
        "en": "Cancelled; nothing was saved.",
    },
    "documents.drafted": {
        "ko": "질문 {count}개를 만들었습니다. 고쳐 쓰고 저장할 질문을 고르세요.",
        "en": {
            "one": "{count} question drafted. Edit it and tick it to save it.",
            "other": "{count} questions drafted. Edit them and tick the ones to save.",
        },
    },
    "documents.no_text": {
        "ko": "먼저 문서를 붙여 넣거나 여세요.",
        "en": "Paste or open a document first.",
    },
    "documents.draft_mark": {"ko": "초안 · AI가 작성", "en": "Draft · written by AI"},
    "documents.question_n": {"ko": "질문 {n}", "en": "Question {n}"},
    "documents.answer_label": {
        "ko": "답변 초안 (문서 내용만으로 쓴 것입니다. 사실인지 확인하고 고치세요)",
        "en": "Draft answer (written only from your documents; check it is true and edit it)",
    },
    "documents.terms_label": {
        "ko": "핵심어 (쉼표로 구분; 답변에 이 말이 들어갔는지 채점합니다)",
        "en": "Key terms (comma-separated; the answer is scored on mentioning them)",
    },
    "documents.terms": {"ko": "핵심어", "en": "Key terms"},
    "documents.terms_hint": {"ko": "예: Redis 캐시, 120ms", "en": "e.g. Redis cache, 120 ms"},
    "documents.about": {"ko": "문서의 “{quote}”에 대한 질문", "en": "About “{quote}” in your documents"},
    "documents.quote_not_found": {
        "ko": "(이 인용은 문서에서 찾지 못했습니다)",
        "en": "(this quote is not in your documents)",
    },
    "documents.keep": {
        "ko": "문서도 내 질문 폴더에 보관하기",
        "en": "Also keep my documents in my questions folder",
    },
    "documents.save": {"ko": "내 질문에 저장", "en": "Save to my bank"},
    "documents.practise": {"ko": "저장하고 바로 연습", "en": "Save and practise now"},
    "documents.close": {"ko": "닫기", "en": "Close"},
    "documents.none_chosen": {"ko": "저장할 질문을 고르세요.", "en": "Tick the questions to save."},
    "documents.saved": {
        "ko": "질문 {count}개를 내 질문에 저장했습니다: {path}",
        "en": {
            "one": "{count} question saved to your bank: {path}",
            "other": "{count} questions saved to your bank: {path}",
        },
    },
    "documents.already": {
        "ko": "이미 있는 질문 {count}개는 건너뛰었습니다.",
        "en": {
            "one": "{count} question was already in your bank; skipped.",
            "other": "{count} questions were already in your bank; skipped.",
        },
    },
    "documents.save_failed": {
        "ko": "질문을 저장하지 못했습니다.",
        "en": "The questions could not be saved.",
    },
    "interview.preparing_follow_up": {
        "ko": "꼬리질문을 준비하는 중…",
        "en": "Preparing a follow-up question…",
    },
    "interview.generated_follow_up": {"ko": "AI 꼬리질문", "en": "AI follow-up"},
    "debrief.title": {"ko": "면접 총평", "en": "Session debrief"},
    "debrief.get": {"ko": "AI 총평 받기", "en": "AI debrief"},
    "debrief.get_tip": {
        "ko": "AI 모델에게 이 면접의 총평을 받습니다. 받은 총평은 저장되어 다시 열 때 보입니다.",
        "en": "Ask the AI model for a debrief of this session; it is kept and shown when you come back.",
    },
    "debrief.regenerate": {"ko": "다시 받기", "en": "Regenerate"},
    "debrief.regenerate_tip": {
        "ko": "총평을 새로 받습니다. 새 총평이 다 오기 전까지는 지금 총평이 그대로 남습니다.",
        "en": "Ask for a new debrief; the current one stays until the new one is complete.",
    },
    "debrief.asking": {"ko": "AI 모델이 총평을 쓰는 중…", "en": "The AI model is writing the debrief…"},
    "debrief.strengths": {"ko": "잘한 점", "en": "Strengths"},
    "debrief.work_on": {"ko": "개선할 세 가지", "en": "Three things to work on"},
    "debrief.practise_next": {"ko": "다음에 연습할 질문", "en": "Questions to practise next"},
    "debrief.practise": {"ko": "이 질문들 연습하기", "en": "Practise these"},
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
    # The start screen's today panel and question language (issue 15).
    "setting.question_langs": {"ko": "질문 언어", "en": "Questions in"},
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
    "help.today_start": {"ko": "시작 화면: 오늘의 연습 시작", "en": "Start screen: start today's practice"},
    "help.custom_start": {
        "ko": "시작 화면: 직접 구성한 면접 시작",
        "en": "Start screen: start the custom session",
    },
    # The voice timeline and the voice measures (issue 14).
    "timeline.title": {"ko": "목소리 흐름", "en": "Voice timeline"},
    "timeline.loading": {"ko": "목소리를 분석하는 중…", "en": "Analysing the voice…"},
    "timeline.no_recording": {
        "ko": "녹음이 없는 답변입니다: 목소리 흐름이 없습니다.",
        "en": "No recording for this answer: no voice timeline.",
    },
    "timeline.unreadable": {
        "ko": "녹음 파일을 읽을 수 없어 목소리를 분석하지 못했습니다.",
        "en": "The recording could not be read: no voice timeline.",
    },
    "timeline.failed": {
        "ko": "목소리를 분석하지 못했습니다: {error}",
        "en": "Could not analyse the voice: {error}",
    },
    "timeline.time_axis": {"ko": "시간 (초)", "en": "Time (s)"},
    "timeline.level_axis": {"ko": "음량 dB", "en": "Level dB"},
    "timeline.pitch_axis": {"ko": "음높이 반음", "en": "Pitch st"},
    "timeline.legend": {
        "ko": "파랑: 음량 (답변의 중앙값 기준 dB) · 빨강: 음높이 (중앙값 기준 반음) · 회색 띠: 쉼 · 세로선: 재생 위치 (클릭하면 그곳부터 재생)",
        "en": "Blue: level (dB against the answer's median) · red: pitch (semitones against its median) · grey bands: pauses · vertical line: playback (click to play from there)",
    },
    "timeline.summary": {
        "ko": "음높이 폭 {range}반음{monotone} · 말끝 흐림 {trailing}문장 · 말하기 속도 {speaking} · 조음 속도 {articulation}",
        "en": "Pitch range {range} st{monotone} · trailing off {trailing} sentences · speaking rate {speaking} · articulation rate {articulation}",
    },
    "timeline.monotone": {"ko": " (단조로움)", "en": " (monotone)"},
    "review.legend_habits": {
        "ko": "점선 밑줄: 얼버무림 (~것 같습니다) · ↘: 말끝 흐림",
        "en": "Dotted underline: hedge (I think, maybe) · ↘: trailing off",
    },
    "col.pitch_range": {"ko": "음높이 폭", "en": "Pitch range"},
    "col.trailing_off": {"ko": "말끝 흐림", "en": "Trailing off"},
    "value.monotone": {"ko": "{value}반음 (단조로움)", "en": "{value} st (monotone)"},
    "value.semitones": {"ko": "{value}반음", "en": "{value} st"},
    "history.voice_any": {"ko": "목소리: 전체", "en": "Voice: all"},
    "history.voice_monotone": {"ko": "단조로운 답변", "en": "Monotone answers"},
    "history.voice_trailing": {"ko": "말끝을 흐린 답변", "en": "Trailing off"},
    "history.voice_filter": {"ko": "목소리로 거르기", "en": "Filter by voice"},
    "history.voice_slow": {"ko": "기준보다 느린 답변", "en": "Slower than the norm"},
    "history.voice_fast": {"ko": "기준보다 빠른 답변", "en": "Faster than the norm"},
    "metric.pitch_sd": {"ko": "음높이 변화 (반음 SD)", "en": "Pitch variation (SD, st)"},
    "metric.pitch_range": {"ko": "음높이 폭 (반음)", "en": "Pitch range (st)"},
    "metric.speaking_rate": {"ko": "말하기 속도 (쉼 포함)", "en": "Speaking rate (pauses included)"},
    "metric.articulation_rate": {"ko": "조음 속도 (쉼 제외)", "en": "Articulation rate (pauses excluded)"},
    "metric.trailing_off": {"ko": "말끝 흐린 문장", "en": "Sentences trailing off"},
    "metric.hedges": {"ko": "얼버무림", "en": "Hedges"},
}


# Messages whose plural form follows another argument than ``count``.
PLURAL_BY: dict[str, str] = {
    "backup.done": "files",
    "restore.details": "files",
    "restore.done": "files",
    "history.count": "total",
    "today.goal_first": "goal",
    "today.focus.slow": "total",
    "today.focus.fast": "total",
    "today.focus.pauses": "total",
    "today.focus.late_start": "total",
}


def plural_category(lang: str, number: object) -> str:
    """The CLDR plural category of ``number`` in ``lang``: "one" or "other".

    From the CLDR plural rules (unicode.org/cldr/charts/latest/supplemental/language_plural_rules):
    English is "one" for an integer 1 with no visible fraction ("1", not "1.0"); Korean has only
    "other". Two languages with one rule between them do not justify Babel's locale data.
    """
    if lang == "en" and isinstance(number, int) and not isinstance(number, bool) and number == 1:
        return "one"
    return "other"


def microphone_blocked(lang: str = DEFAULT_LANGUAGE, platform: str | None = None) -> str:
    """Where to allow microphone access on this system, for a recording of exact zeros."""
    platform = platform or sys.platform
    kind = platform if platform in ("darwin", "win32") else "other"
    return tr(f"microphone.blocked.{kind}", lang)


def no_korean_voice(lang: str = DEFAULT_LANGUAGE, platform: str | None = None) -> str:
    """What to install when no Korean voice is found, on this system."""
    platform = platform or sys.platform
    kind = platform if platform in ("darwin", "win32") else "other"
    return tr(f"voice.no_korean.{kind}", lang)


def tr(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    table = STRINGS.get(key)
    if table is None:
        return key
    text = table.get(lang) or table[DEFAULT_LANGUAGE]
    if isinstance(text, dict):
        number = values.get(PLURAL_BY.get(key, "count"))
        text = text.get(plural_category(lang, number)) or text["other"]
    return text.format(**values) if values else text


def setting_label(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The label of the declared setting ``key`` (see ``core/settings.py``)."""
    return tr(f"setting.{key}", lang)
