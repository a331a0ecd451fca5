"""HTML from other tools as course Markdown, and course Markdown as HTML for them.

Moodle (GIFT ``[html]`` and Moodle XML), Anki and Quizlet carry HTML; the course's text is Markdown, so
HTML is converted with markdownify rather than kept (its tags would show as text) or stripped (lists,
emphasis and line breaks would run together). The conversion is settled so that Markdown rendered to
HTML by markdown-it and converted back gives the same Markdown: import, export and import again changes
nothing.
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt
from markdownify import markdownify

_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")
_BLANK_RUN = re.compile(r"[ \t]*\n(?:[ \t]*\n)+[ \t]*")


def looks_like_html(text: str) -> bool:
    """Whether ``text`` holds a tag or an entity (so reads differently as HTML than as plain text)."""
    return _TAG.search(text) is not None


def html_to_markdown(text: str) -> str:
    """HTML as Markdown: paragraphs, breaks, lists, emphasis, links and images kept, tags gone."""
    converted = markdownify(text, heading_style="ATX", bullets="-", escape_underscores=False, escape_misc=False)
    # Two <br> in a row, or a <br> closing a paragraph, are a paragraph break in Markdown, not hard breaks.
    return _BLANK_RUN.sub("\n\n", converted.replace("\xa0", " ")).strip()


def plain_to_markdown(text: str) -> str:
    """Plain text (no markup meant) as Markdown that shows it literally, the same way HTML text would."""
    escaped = html.escape(text.strip()).replace("\n", "<br>")
    return html_to_markdown(escaped)


def markdown_to_html(text: str) -> str:
    """Course Markdown as HTML: a single line stays inline, more becomes paragraphs."""
    if "\n" not in text.strip():
        return str(_MARKDOWN.renderInline(text.strip()))
    return str(_MARKDOWN.render(text)).strip()
