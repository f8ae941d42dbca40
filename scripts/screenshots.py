"""Screenshots of the home page, a post and a clinician, at phone and desktop widths.

Usage: python scripts/screenshots.py BASE_URL OUTPUT_DIR (`make screenshots` starts a demo
server for it). Debian's chromium takes them through Playwright; each PNG is reduced to a
256-colour palette, which keeps it small enough to commit without visible loss.
"""

import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

PAGES = {
    "home": "/",
    "post": "/blog/how-does-psychotherapy-work/",
    "clinician": "/clinicians/tabitha-moss/",
}
VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 800)}


def optimise(path):
    picture = Image.open(path).convert("RGB")
    picture.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        path, optimize=True
    )


def main(base_url, output_dir):
    output = Path(output_dir)
    output.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"]
        )
        for device, (width, height) in VIEWPORTS.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(base_url.rstrip("/") + path, wait_until="networkidle")
                target = output / f"{name}-{device}.png"
                page.screenshot(path=target)
                optimise(target)
                print(f"{target} ({target.stat().st_size // 1024} KB)")
            context.close()
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:3])
