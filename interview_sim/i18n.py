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
    "search.placeholder": {"ko": "질문 검색 (Ctrl+F)", "en": "Search questions (Ctrl+F)"},
}


def tr(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    table = STRINGS.get(key)
    if table is None:
        return key
    text = table.get(lang) or table[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text
