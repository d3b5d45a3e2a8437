"""Queries about self-harm are never answered with relationship advice.

A reader who types 消えたい or "I want to kill myself" must not be shown 自然消滅 or priority
passages that happen to share a word. This is a policy, not relevance: the phrases below (matched
on normalized text, so width and kana variants match too) make the engine answer nothing and
offer no overview passages. Whether and how to point such readers to help is the publisher's
decision (see README, "Search quality").
"""

from __future__ import annotations

import re

from tayori.normalize import normalize_text

# Folded forms (NFKC, lowercase, katakana as hiragana), as normalize_text gives them. Grouped by
# what is said, each in the ways readers inflect it, so a new wording of the same wish matches:
_JAPANESE = (
    # to die: 死にたい, 死にたくなる, しにてえ, 死んでしまいたい, 死んだ方がまし, 死のう, 死ぬしかない
    r"(?:死|し)に(?:たい|たく|てえ)|死んで(?:しまい|ほしい)?(?:たい|楽に)|(?:死|し)んだ(?:方|ほう)が|死のう|死ぬしか"
    # to vanish: 消えたい, 消えてしまいたい, 消えちゃいたい, いなくなりたい, 消えてなくなりたい
    r"|(?:消え|きえ|いなくな|居なくな)(?:て(?:しまい|なくなり)|ちゃい|っちゃい|り)?た[いく]"
    # not to live: 生きたくない, 生きていたくない, 生きてる意味ない, 生きるのがつらい
    r"|生き(?:てい|て|)たくない|生き(?:る|てる|ている|てても|てて)(?:意味|価値|理由)(?:が|も|は)?(?:ない|無い|な|わから|分から)"
    r"|生きるのが(?:つらい|辛い|しんどい|いや|嫌|疲れ)"
    # acts: 自殺, 自傷, リスカ, リストカット, 首吊り, 飛び降りたい
    r"|自殺|じさつ|自傷|りすか|りすとかっと|首(?:吊|つ)り|飛び降り(?:たい|よう|る)"
)
_ENGLISH = (
    r"\bkill(?:ing)? (?:my ?self|me)\b|\bsuicid|\bself[ -]?harm|\b(?:cut|cutting|hurt|hurting) myself\b"
    r"|\b(?:want|wants|wanted|wanna|going) (?:to )?(?:die|disappear)\b|\bbetter off dead\b"
    r"|\bend (?:my life|it all)\b|\b(?:don'?t|do not|dont|no longer) want to (?:live|be alive|exist|be here)\b"
    r"|\bno (?:reason|point) (?:to|in) (?:live|living)\b"
)
_CRISIS = re.compile(f"{_JAPANESE}|{_ENGLISH}")


def is_crisis(text: str) -> bool:
    """Whether text speaks of self-harm (死にたい, 消えてしまいたい, 生きてる意味ない, ｼﾞｻﾂ, "kill myself",
    "I wanna die", "I don't want to live anymore")."""
    return bool(_CRISIS.search(normalize_text(text).replace("’", "'")))
