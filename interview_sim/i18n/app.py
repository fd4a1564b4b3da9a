"""The window's frame: title, menus, help, messages and device errors, loading the speech models, the second pass, recovery, backups and restore.

One part of the catalogue; :mod:`interview_sim.i18n` merges the parts into one lookup."""

from __future__ import annotations

from interview_sim.i18n._text import Text

STRINGS: dict[str, dict[str, Text]] = {
    "app.title": {"ko": "모의 면접 연습", "en": "Interview Sim"},
    "menu.file": {"ko": "파일(&F)", "en": "&File"},
    "menu.quit": {"ko": "끝내기(&Q)", "en": "&Quit"},
    "menu.view": {"ko": "보기(&V)", "en": "&View"},
    "menu.language": {"ko": "화면 언어", "en": "Interface language"},
    "menu.practice": {"ko": "연습(&P)", "en": "&Practice"},
    "menu.new_interview": {"ko": "새 면접(&N)", "en": "&New interview"},
    "menu.bank": {"ko": "질문 목록(&B)", "en": "Question &bank"},
    "menu.help": {"ko": "도움말(&H)", "en": "&Help"},
    "menu.shortcuts": {"ko": "단축키", "en": "Keyboard shortcuts"},
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
    "status.finished": {"ko": "녹음", "en": "recorded"},
    "status.no_audio": {"ko": "녹음 없음", "en": "no recording"},
    "status.typed": {"ko": "입력", "en": "typed"},
    "status.recovered": {"ko": "복구됨", "en": "recovered"},
    "status.recording": {"ko": "녹음 중 끊김", "en": "interrupted"},
    "status.failed": {"ko": "실패", "en": "failed"},
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
    "speech.no_microphone": {"ko": "마이크 없음 · 답변은 입력", "en": "No microphone · answers typed"},
    "message.details": {"ko": "자세히", "en": "Details"},
    # Device errors: what happened and what to do, in one line; the device's own (English) message
    # goes to a details area and the log (qt/errors.py), never into the sentence.
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
    "menu.settings": {"ko": "설정(&S)…", "en": "&Settings…"},
    "help.documents": {
        "ko": "자기소개서·채용공고로 질문 만들기",
        "en": "Questions from my documents (letter, job posting)",
    },
    "help.today_start": {"ko": "시작 화면: 오늘의 연습 시작", "en": "Start screen: start today's practice"},
    "help.custom_start": {
        "ko": "시작 화면: 직접 구성한 면접 시작",
        "en": "Start screen: start the custom session",
    },
}
