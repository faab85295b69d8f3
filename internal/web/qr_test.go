package web

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"testing"
)

// TestQRSVG reads the drawn modules back from the SVG path and finds the
// three finder patterns of a QR code (7×7, dark ring, light ring, dark 3×3
// centre) inside the 4-module quiet zone: a scanner needs them to find the
// code at all.
func TestQRSVG(t *testing.T) {
	c, err := qrSVG("otpauth://totp/CEE:claire.dupont%40ac-toulouse.fr?secret=JBSWY3DPEHPK3PXP&issuer=CEE", "QR <code>")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := c.Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	if bytes.Contains(buf.Bytes(), []byte("style")) || !bytes.Contains(buf.Bytes(), []byte(`aria-label="QR &lt;code&gt;"`)) {
		t.Fatalf("the SVG has a style or an unescaped label: %.200s", svg)
	}
	m := regexp.MustCompile(`viewBox="0 0 (\d+) `).FindStringSubmatch(svg)
	if m == nil {
		t.Fatalf("no viewBox: %.200s", svg)
	}
	n, _ := strconv.Atoi(m[1])
	dark := make([][]bool, n)
	for i := range dark {
		dark[i] = make([]bool, n)
	}
	for _, mm := range regexp.MustCompile(`M(\d+) (\d+)h1v1h-1z`).FindAllStringSubmatch(svg, -1) {
		x, _ := strconv.Atoi(mm[1])
		y, _ := strconv.Atoi(mm[2])
		dark[y][x] = true
	}
	const quiet = 4
	size := n - 2*quiet
	if (size-21)%4 != 0 || size < 21 {
		t.Fatalf("%d modules without the quiet zone: not a QR version", size)
	}
	for _, o := range [][2]int{{quiet, quiet}, {quiet + size - 7, quiet}, {quiet, quiet + size - 7}} {
		for dy := -1; dy <= 7; dy++ {
			for dx := -1; dx <= 7; dx++ {
				x, y := o[0]+dx, o[1]+dy
				if x < quiet || y < quiet || x >= quiet+size || y >= quiet+size {
					continue
				}
				ring := max(abs(2*dx-6), abs(2*dy-6)) / 2 // 0 at the centre, 3 on the outer ring, 4 on the separator
				want := ring != 2 && ring != 4
				if dark[y][x] != want {
					t.Fatalf("finder at %v: module (%d,%d) dark=%v, want %v", o, dx, dy, dark[y][x], want)
				}
			}
		}
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
