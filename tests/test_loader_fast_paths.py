"""The loader's shortcuts find what the full walks find: tags, numbers YAML rewrites, images, links."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from courseware.core.course.loader import load_module_file, load_yaml_file
from courseware.core.course.yamlsafe import YamlError, parse_yaml

_PLAIN = ["yes", "No", "~", "", "null", "0x1f", "0o17", "1_000", "1.10", "-.inf", ".NaN", "2026-03-01", "+12",
          "1:30", "007", "True", "off", "text", "<<", "=", "3e4", "12.0"]


def _tags(node: yaml.Node) -> list[str]:
    if isinstance(node, yaml.ScalarNode):
        return [node.tag]
    if isinstance(node, yaml.SequenceNode):
        return [node.tag, *(tag for child in node.value for tag in _tags(child))]
    return [node.tag, *(tag for pair in node.value for child in pair for tag in _tags(child))]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PLAIN), st.text(alphabet="0123456789.-+_:eExob~ny", max_size=8)),
                min_size=1, max_size=8))
def test_tags_are_resolved_as_pyyaml_resolves_them(values: list[str]) -> None:
    text = "".join(f"- {value}\n" if value else "- \n" for value in values)
    try:
        expected = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return
    assert expected is not None
    try:
        document = parse_yaml(text)
    except YamlError:  # refused (a tag that is not plain YAML, a number out of bounds): nothing to compare
        return
    assert _tags(document.root) == _tags(expected)


def test_an_image_spelt_with_an_escape_is_still_checked(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text('kind: deck\nid: d\ntitle: D\ncards:\n  - id: c\n    front: "\\x21[chart](chart.png)"\n'
                    "    back: Back\n", encoding="utf-8")
    assert [problem.message for problem in load_yaml_file(path).problems] == [
        f"image 'chart.png' does not exist (looked for {tmp_path / 'chart.png'})"]


def test_a_number_yaml_rewrites_is_reported_and_one_it_keeps_is_not(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text("kind: deck\nid: d\ntitle: 1.10\ncards:\n  - id: c\n    front: 12\n    back: B\n",
                    encoding="utf-8")
    assert [(problem.line, problem.message) for problem in load_yaml_file(path).problems] == [
        (3, "'1.10' is read as the number 1.1; put it in quotes (\"1.10\") to keep it as written")]


def test_a_module_without_brackets_has_no_links_and_one_with_an_autolink_has_it(tmp_path: Path) -> None:
    front = "---\nid: m\ntitle: M\norder: 1\nsummary: S\nobjectives: [O]\n---\n"
    plain, linked = tmp_path / "01-m.md", tmp_path / "02-n.md"
    plain.write_text(front + "# Heading\n\nNo links here.\n", encoding="utf-8")
    linked.write_text(front + "# Heading\n\nSee <https://example.com> and ![x](x.png).\n", encoding="utf-8")
    first, second = load_module_file(plain).model, load_module_file(linked).model
    assert first is not None and second is not None
    assert first.links == () and [heading.text for heading in first.headings] == ["Heading"]  # type: ignore[union-attr]
    assert [link.target for link in second.links] == ["https://example.com"]  # type: ignore[union-attr]
    assert [image.target for image in second.images] == ["x.png"]  # type: ignore[union-attr]
