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

# Folded forms (NFKC, lowercase, katakana as hiragana), as normalize_text gives them.
_CRISIS = re.compile(
    r"しにたい|死にたい|死のう|消えたい|きえたい|自殺|じさつ|自傷|りすか|りすとかっと|生きていたくない|生きたくない"
    r"|\bkill (?:my ?self|me)\b|\bsuicid|\bend (?:my|it all)\b.*\blife\b|\bself[ -]?harm|\bwant(?:s|ed)? to die\b"
)


def is_crisis(text: str) -> bool:
    """Whether text speaks of self-harm (死にたい, 消えたい, ｼﾞｻﾂ, "kill myself", "suicidal")."""
    return bool(_CRISIS.search(normalize_text(text)))
