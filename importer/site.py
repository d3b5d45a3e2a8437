"""The publisher's own site: `make index` accepts only article urls on its origins (`[publisher] origins`
of content/partners.toml), so the import checks them first and never writes an article the build refuses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from adapters.partners import SOURCE_NAME, PartnersError, load_source
from importer.problems import ImportProblemError
from importer.sources import Skipped, SourceArticle
from index.content import is_on_site, origin_of, shown


@dataclass(frozen=True)
class PublisherSite:
    """`origins`: where article urls must be (none: partners.toml names none, nothing to check);
    `source`: the partners.toml they come from, as people type it."""

    origins: tuple[str, ...] = ()
    source: str = SOURCE_NAME

    @classmethod
    def of(cls, content_dir: Path) -> PublisherSite:
        """The origins as `make index` reads them from content_dir/partners.toml: a missing file names none;
        a file with errors still gives its valid [publisher] origins (the build reports the errors)."""
        path = Path(shown(content_dir / SOURCE_NAME))
        try:
            return cls(load_source(path).publisher_origins, str(path))
        except PartnersError as found:
            return cls(found.publisher_origins, str(path))

    def add_hint(self, origins: str) -> str:
        """What to do about article urls on other origins, for a message."""
        return f"add {origins} to [publisher] origins in {self.source} if that site is the publisher's too"

    def check_before_import(self, src: Path, url_base: str, sources: Sequence[SourceArticle | Skipped]) -> None:
        """Raises ImportProblemError, before anything is converted or written, when --url-base or the urls
        the sources state (WordPress exports and REST posts name each post's link) are off the site."""
        site = ", ".join(self.origins)
        if url_base and not is_on_site(url_base, self.origins):
            add = self.add_hint(origin_of(url_base))
            raise ImportProblemError(
                "--url-base",
                f"{url_base} is not on the publisher's site ({site}), so make index would refuse the articles:"
                f" pass --url-base {self.origins[0]}, or {add}",
            )
        off = [s.url for s in sources if isinstance(s, SourceArticle) and s.url and not is_on_site(s.url, self.origins)]
        if off:
            elsewhere = ", ".join(dict.fromkeys(map(origin_of, off)))
            raise ImportProblemError(
                str(src),
                f"{len(off)} article url(s) are on {elsewhere} (first: {off[0]}), not on the publisher's site"
                f" ({site}), so make index would refuse them: {self.add_hint(elsewhere)}, then import again"
                " (nothing imported)",
            )
