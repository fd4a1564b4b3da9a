"""User-visible strings in Korean and English, marked where they are used with ``tr(key)``.

Kept as plain tables (no compiled catalogues) so the core and the CLI can use them too; a
test checks that every key exists in every shipped language.
"""

from __future__ import annotations

LANGUAGES = ("ko", "en")
DEFAULT_LANGUAGE = "ko"

STRINGS: dict[str, dict[str, str]] = {
    "app.title": {"ko": "모의 면접 연습", "en": "Interview Sim"},
    "bank.categories": {"ko": "분야", "en": "Categories"},
    "bank.all": {"ko": "전체", "en": "All"},
    "bank.questions": {"ko": "질문", "en": "Questions"},
    "bank.count": {
        "ko": "질문 {count}개 · 모범 답안 {answered}개",
        "en": "{count} questions · {answered} with answers",
    },
    "bank.loading": {"ko": "질문 목록을 불러오는 중…", "en": "Loading the question bank…"},
    "bank.load_failed": {
        "ko": "질문 목록을 불러오지 못했습니다: {error}",
        "en": "Could not load the questions: {error}",
    },
    "bank.problems": {
        "ko": "질문 파일에 문제가 {count}개 있습니다 (나머지는 정상적으로 불러왔습니다).",
        "en": "{count} problems in question files (everything else loaded).",
    },
    "question.reference": {"ko": "모범 답안", "en": "Reference answer"},
    "question.source": {"ko": "출처: {source}", "en": "Source: {source}"},
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
    "start.empty": {
        "ko": "선택한 조건에 맞는 질문이 없습니다. 분야나 종류를 바꿔 보세요.",
        "en": "No question matches these choices. Try other categories or another kind.",
    },
    "start.waiting": {
        "ko": "질문 목록을 불러오는 중이라 잠시 뒤에 시작할 수 있습니다.",
        "en": "The questions are still loading; start in a moment.",
    },
    "interview.progress": {"ko": "질문 {index} / {total}", "en": "Question {index} of {total}"},
    "interview.follow_up": {"ko": "꼬리 질문", "en": "Follow-up"},
    "interview.speaking": {"ko": "질문을 읽는 중…", "en": "Reading the question…"},
    "interview.thinking": {"ko": "생각할 시간 {seconds}초", "en": "Think: {seconds} s"},
    "interview.answering": {
        "ko": "답변 중 · {elapsed} / 목표 {target}",
        "en": "Answering · {elapsed} / target {target}",
    },
    "interview.answered": {
        "ko": "답변 완료 ({elapsed}). Enter: 다음 질문",
        "en": "Answer done ({elapsed}). Enter: next question",
    },
    "interview.done": {"ko": "면접이 끝났습니다. 답변 {count}개", "en": "Interview over: {count} answers"},
    "interview.at_target": {"ko": "목표 시간입니다. 마무리하세요", "en": "Target reached: wrap up"},
    "interview.overrun": {"ko": "최대 시간을 넘었습니다", "en": "Over the maximum time"},
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
        "ko": "마이크를 쓸 수 없어 입력한 답변으로 진행합니다: {error}",
        "en": "The microphone cannot be used, so answers are typed: {error}",
    },
    "interview.no_voice": {
        "ko": "질문을 소리 내어 읽지 못했습니다 (화면의 질문을 읽어 주세요): {error}",
        "en": "The question could not be spoken (read it on screen): {error}",
    },
    "interview.typed_mode": {
        "ko": "마이크를 쓰지 않으므로 답변을 입력합니다. 시간은 그대로 잽니다.",
        "en": "No microphone in use: answers are typed, and still timed.",
    },
    "interview.device_error": {
        "ko": "문제가 생겼습니다: {error}. 면접은 계속할 수 있습니다.",
        "en": "Something went wrong: {error}. The interview can go on.",
    },
    "interview.saved": {"ko": "답변을 저장했습니다.", "en": "Answer saved."},
    "help.title": {
        "ko": "단축키 (F1 또는 ?로 열고 닫기)",
        "en": "Keyboard shortcuts (F1 or ? to open and close)",
    },
    "help.space": {"ko": "지금 답변 시작 / 답변 끝내기", "en": "Answer now / stop the answer"},
    "help.tab": {"ko": "다음 단계로 표시", "en": "Mark the next section"},
    "help.r": {"ko": "질문 다시 듣기", "en": "Repeat the question"},
    "help.next": {"ko": "다음 질문", "en": "Next question"},
    "help.typed_stop": {"ko": "입력한 답변 끝내기", "en": "Stop a typed answer"},
    "help.esc": {"ko": "면접 끝내고 복기", "en": "End the interview and review"},
    "help.enter_start": {"ko": "시작 화면에서 면접 시작", "en": "Start screen: start the interview"},
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
}


def tr(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    table = STRINGS.get(key)
    if table is None:
        return key
    text = table.get(lang) or table[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text
