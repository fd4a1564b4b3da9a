"""The AI interviewer: providers, feedback, debrief, questions from the candidate's documents.

One part of the catalogue; :mod:`interview_sim.i18n` merges the parts into one lookup."""

from __future__ import annotations

from interview_sim.i18n._text import Text

STRINGS: dict[str, dict[str, Text]] = {
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
}
