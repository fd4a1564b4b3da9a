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
        "ko": "질문 목록을 불러오는 중입니다. 다 불러오면 바로 시작합니다.",
        "en": "The questions are still loading; the interview starts as soon as they are there.",
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
        "ko": "질문을 소리 내어 읽지 못했습니다. 화면의 질문을 읽어 주세요. 설정(Ctrl+,)에서 스피커와 음성을 확인하세요. ({error})",
        "en": "The question could not be spoken: read it on screen, and check the speaker and voice in the settings (Ctrl+,). ({error})",
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
    "help.settings": {"ko": "설정 열기", "en": "Open the settings"},
    "search.placeholder": {"ko": "질문 검색 (Ctrl+F)", "en": "Search questions (Ctrl+F)"},
    # Device errors: what happened and what to do; {detail} is the device's own message.
    "error.no_microphone": {
        "ko": "마이크를 찾을 수 없습니다. 마이크를 연결하고 설정(Ctrl+,)에서 고르세요. 답변은 입력해서 할 수 있습니다. ({detail})",
        "en": "No microphone found. Connect one and pick it in the settings (Ctrl+,); meanwhile answers are typed. ({detail})",
    },
    "error.no_speaker": {
        "ko": "스피커를 찾을 수 없습니다. 스피커를 연결하고 설정에서 고르세요. 질문은 화면에 표시됩니다. ({detail})",
        "en": "No speaker found. Connect one and pick it in the settings; questions are shown on screen. ({detail})",
    },
    "error.no_voice": {
        "ko": "이 언어의 음성(TTS)이 없습니다. espeak-ng 같은 음성을 설치하세요. 질문은 화면에 표시됩니다. ({detail})",
        "en": "No text-to-speech voice for this language. Install one (e.g. espeak-ng); questions are shown on screen. ({detail})",
    },
    "error.disk_full": {
        "ko": "디스크 공간이 부족합니다. 공간을 비운 뒤 다시 답변하세요. 지금까지 녹음한 부분은 보존됩니다. ({detail})",
        "en": "The disk is full. Free some space and answer again; what was recorded so far is kept. ({detail})",
    },
    "error.device_lost": {
        "ko": "녹음 중 장치가 끊겼습니다. 연결을 확인하세요. 지금까지의 답변은 보존됩니다. ({detail})",
        "en": "The device went away while recording. Check the connection; the answer so far is kept. ({detail})",
    },
    "error.model_missing": {
        "ko": "음성 인식 모델을 쓸 수 없습니다. 답변은 녹음되지만 글로 옮기지 않습니다. 설정에서 엔진이나 모델을 확인하세요. ({detail})",
        "en": "The speech recognition model cannot be used: answers are recorded but not transcribed. Check the engine or model in the settings. ({detail})",
    },
    "error.device": {
        "ko": "장치 문제가 생겼습니다. 면접은 계속할 수 있습니다. ({detail})",
        "en": "A device problem occurred; the interview can go on. ({detail})",
    },
    "error.unexpected": {
        "ko": "예상하지 못한 문제가 생겼습니다. 면접은 계속할 수 있습니다. ({detail})",
        "en": "Something unexpected went wrong; the interview can go on. ({detail})",
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
        "en": "Transcribing {count} interrupted answers that were recovered…",
    },
    "recovery.done": {
        "ko": "중단되었던 답변 {count}개를 복구했습니다.",
        "en": "{count} interrupted answers were recovered.",
    },
    "recovery.problems": {
        "ko": "복구한 답변 중 {count}개는 글로 옮기지 못했습니다: {detail}",
        "en": "{count} recovered answers could not be transcribed: {detail}",
    },
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
    "settings.engine_vosk": {"ko": "Vosk (오프라인, 기본)", "en": "Vosk (offline, default)"},
    "settings.engine_faster-whisper": {
        "ko": "faster-whisper (오프라인, 더 정확하지만 느림, 모델 내려받기 필요)",
        "en": "faster-whisper (offline, more accurate but slower, model download needed)",
    },
    "settings.engine_google": {
        "ko": "Google (온라인: 녹음이 이 컴퓨터 밖 Google로 전송됩니다)",
        "en": "Google (online: recordings are sent off this machine to Google)",
    },
    "settings.online_warning": {
        "ko": "이 엔진은 답변 녹음을 인터넷으로 Google에 보냅니다. 오프라인으로 쓰려면 Vosk를 고르세요.",
        "en": "This engine sends your recorded answers over the internet to Google. Choose Vosk to stay offline.",
    },
    "settings.whisper_model": {"ko": "faster-whisper 모델", "en": "faster-whisper model"},
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
    "settings.save_failed": {
        "ko": "설정을 저장하지 못했습니다: {error}",
        "en": "The settings could not be saved: {error}",
    },
    "settings.templates_failed": {
        "ko": "답변 시간 템플릿을 저장하지 못했습니다: {error}",
        "en": "The timing templates could not be saved: {error}",
    },
    "settings.list_failed": {
        "ko": "장치 목록을 읽지 못했습니다: {error}",
        "en": "The device list could not be read: {error}",
    },
}


def tr(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    table = STRINGS.get(key)
    if table is None:
        return key
    text = table.get(lang) or table[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text
