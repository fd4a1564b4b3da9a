"""The interview screen.

One part of the catalogue; :mod:`interview_sim.i18n` merges the parts into one lookup."""

from __future__ import annotations

from interview_sim.i18n._text import Text

STRINGS: dict[str, dict[str, Text]] = {
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
    "interview.preparing_follow_up": {
        "ko": "꼬리질문을 준비하는 중…",
        "en": "Preparing a follow-up question…",
    },
    "interview.generated_follow_up": {"ko": "AI 꼬리질문", "en": "AI follow-up"},
}
