"""Draw the app icon and write resources/icons/interview-sim.{png,ico,icns}.

Run once when the icon changes; the files are committed so that builds need neither Qt drawing
nor Pillow. Needs PySide6 and Pillow:  python tools/make_icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QBuffer, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QLinearGradient, QPainter, QPainterPath, QPen

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZE = 1024


def draw() -> QImage:
    image = QImage(SIZE, SIZE, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    gradient = QLinearGradient(0, 0, 0, SIZE)
    gradient.setColorAt(0, QColor("#3b6fd8"))
    gradient.setColorAt(1, QColor("#1f3f8f"))
    p.setBrush(gradient)
    p.setPen(Qt.PenStyle.NoPen)
    p.drawRoundedRect(QRectF(64, 64, SIZE - 128, SIZE - 128), 200, 200)
    # A speech bubble with a microphone: speaking and being heard.
    bubble = QPainterPath()
    bubble.addRoundedRect(QRectF(200, 210, 624, 470), 150, 150)
    tail = QPainterPath()
    tail.moveTo(QPointF(330, 640))
    tail.lineTo(QPointF(270, 820))
    tail.lineTo(QPointF(470, 660))
    tail.closeSubpath()
    p.setBrush(QColor("white"))
    p.drawPath(bubble.united(tail))
    p.setBrush(QColor("#2b56b5"))
    p.drawRoundedRect(QRectF(452, 280, 120, 230), 60, 60)
    pen = QPen(QColor("#2b56b5"), 34)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawArc(QRectF(392, 320, 240, 270), 200 * 16, 140 * 16)
    p.drawLine(QPointF(512, 590), QPointF(512, 625))
    p.end()
    return image


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    image = draw()
    buffer = QBuffer()
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    png = OUT / "interview-sim.png"
    png.write_bytes(bytes(buffer.data()))
    with Image.open(png) as big:
        big.resize((256, 256), Image.Resampling.LANCZOS).save(png)  # the window icon: small is enough
        big.save(
            OUT / "interview-sim.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (256, 256)]
        )
        big.save(OUT / "interview-sim.icns")
    del app
    for path in sorted(OUT.iterdir()):
        print(f"{path} {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
