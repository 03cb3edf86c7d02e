"""Printable A4 posters with a QR code into the chat page, per language and topic.

The seeds' idea (Jana's story): posters in clear language whose QR code opens
information and sign-up in the reader's own language. Each poster carries a
short text, the QR code to ``<public url>/chat/?lang=xx&topic=...`` and the SMS
number as a second way in. Texts come from web/labels.yml through the gettext
catalogs; Chromium lays them out (Ethiopic, Nastaliq and right-to-left text
need a real text engine) and prints a PDF and a PNG.

Run: ``scripts/poster.sh [--out DIR] [--lang so] [--topic open_kindergarten]``.
"""

from __future__ import annotations

import argparse
import base64
import html
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional
from urllib.parse import urlencode

import qrcode
from qrcode.image.svg import SvgPathImage

from bot.config import PROJECT_ROOT, load_settings
from bot.languages import RIGHT_TO_LEFT, SUPPORTED_LANGUAGES
from bot.web.labels import labels_file, translated_labels

TOPICS = ("general", "open_kindergarten", "application_evening")
LOCAL_URL = "http://localhost:5005"
CHROMIUM = "/usr/bin/chromium"
FONTS = PROJECT_ROOT / "web" / "node_modules" / "@fontsource"
TEMPLATE = PROJECT_ROOT / "web" / "poster.html"


@dataclass(frozen=True)
class Poster:
    language: str
    topic: str
    url: str
    html: str


def chat_url(base_url: str, language: str, topic: str) -> str:
    return f"{base_url.rstrip('/')}/chat/?{urlencode({'lang': language, 'topic': topic})}"


def qr_svg(url: str) -> str:
    """The QR code as an inline SVG data URI (error correction M: survives a fold or a stain)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, box_size=10)
    code.add_data(url)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(image_factory=SvgPathImage).save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def sms_number(configured: Optional[str]) -> tuple[str, bool]:
    """The number to print, and whether it is the example number."""
    if configured:
        return configured, False
    return str(labels_file()["example_sms_number"]), True


def poster_html(language: str, topic: str, url: str, number: str, example: bool) -> str:
    labels = translated_labels(language)
    sms = labels["poster_sms"].replace("{number}", number)
    values: Dict[str, str] = {
        "lang": language,
        "dir": "rtl" if language in RIGHT_TO_LEFT else "ltr",
        "fonts": FONTS.as_uri(),
        "title": labels[f"poster_{topic}"],
        "body": labels[f"poster_{topic}_body"],
        "scan": labels["poster_scan"],
        "sms": sms + (" " + labels["poster_example"] if example else ""),
        "qr": qr_svg(url),
        "url": url,
    }
    page = TEMPLATE.read_text(encoding="utf-8")
    for key, value in values.items():
        page = page.replace("{{" + key + "}}", html.escape(value, quote=True))
    return page


def posters(languages: Iterable[str], topics: Iterable[str], base_url: str, number: Optional[str]) -> List[Poster]:
    printed, example = sms_number(number)
    made = []
    for language in languages:
        for topic in topics:
            url = chat_url(base_url, language, topic)
            made.append(Poster(language, topic, url, poster_html(language, topic, url, printed, example)))
    return made


def render(items: List[Poster], out: Path) -> List[Path]:
    """Each poster as ``<topic>-<lang>.pdf`` and ``.png`` (A4 at 150 dpi) in ``out``."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written: List[Path] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        # A4 in CSS pixels, rendered at 150 dpi for the PNG.
        page = browser.new_page(viewport={"width": 794, "height": 1123}, device_scale_factor=150 / 96)
        for poster in items:
            source = out / f"{poster.topic}-{poster.language}.html"
            source.write_text(poster.html, encoding="utf-8")
            page.goto(source.as_uri())
            page.evaluate("document.fonts.ready")
            pdf, png = source.with_suffix(".pdf"), source.with_suffix(".png")
            page.pdf(path=str(pdf), format="A4", print_background=True)
            page.screenshot(path=str(png), full_page=False)
            written += [pdf, png]
        browser.close()
    return written


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description="QR posters into the chat page, per language and topic")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "var" / "posters")
    parser.add_argument("--lang", action="append", choices=SUPPORTED_LANGUAGES)
    parser.add_argument("--topic", action="append", choices=TOPICS)
    args = parser.parse_args(argv)
    settings = load_settings()
    items = posters(args.lang or SUPPORTED_LANGUAGES, args.topic or TOPICS,
                    settings.public_url or LOCAL_URL, settings.twilio_from_number)
    for path in render(items, args.out):
        print(path)


if __name__ == "__main__":
    main()
