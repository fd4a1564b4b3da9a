"""The settings window and the labels of the declared settings (core/settings.py).

One part of the catalogue; :mod:`interview_sim.i18n` merges the parts into one lookup."""

from __future__ import annotations

from interview_sim.i18n._text import Text

STRINGS: dict[str, dict[str, Text]] = {
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
    # The AI interviewer's page.
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
    "setting.question_langs": {"ko": "질문 언어", "en": "Questions in"},
}
