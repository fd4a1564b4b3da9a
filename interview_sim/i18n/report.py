"""The session report (core/report.py: HTML and Markdown).

One part of the catalogue; :mod:`interview_sim.i18n` merges the parts into one lookup."""

from __future__ import annotations

from interview_sim.i18n._text import Text

STRINGS: dict[str, dict[str, Text]] = {
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
}
