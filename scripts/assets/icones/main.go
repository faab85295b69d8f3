// Command icones writes the utility style sheet the pages load: DSFR's
// utility.min.css (every fr-icon-* class, colours, borders: 40 KB
// compressed) cut down to the rules of the classes the application's
// sources name, so that a cold page stays light (issue 18, item 7). Run it
// from the repository's root after adding an icon (a test of internal/web/ui
// names the missing ones), and from scripts/assets/update.sh:
//
//	go run ./scripts/assets/icones
package main

import (
	"fmt"
	"os"
	"regexp"
	"strings"

	"cee/internal/web/ui"
)

const (
	source = "scripts/assets/utility.min.css"
	target = "internal/web/ui/static/dsfr/utility/icones.min.css"
)

// selecteurClasse is a class in a CSS selector.
var selecteurClasse = regexp.MustCompile(`\.(fr-[a-zA-Z0-9_-]+)`)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "icones:", err)
		os.Exit(1)
	}
}

func run() error {
	classes, err := ui.ClassesUsed("internal")
	if err != nil {
		return err
	}
	used := map[string]bool{}
	for c := range classes {
		used[c] = true
	}
	css, err := os.ReadFile(source)
	if err != nil {
		return err
	}
	out := Trim(string(css), used)
	if err := os.WriteFile(target, []byte(out), 0o644); err != nil {
		return err
	}
	fmt.Printf("%s : %d octets (%d pour la feuille complète)\n", target, len(out), len(css))
	return nil
}

// Trim keeps the comments, and the rules of css (minified, @media blocks one
// level deep) that have a selector whose every class is used; an @media
// block left empty goes.
func Trim(css string, used map[string]bool) string {
	var b strings.Builder
	for len(css) > 0 {
		switch {
		case strings.HasPrefix(css, "/*"):
			end := strings.Index(css, "*/") + 2
			b.WriteString(css[:end])
			css = css[end:]
		case strings.HasPrefix(css, "@"):
			open := strings.IndexByte(css, '{')
			inner, rest := block(css[open+1:])
			if kept := Trim(inner, used); kept != "" {
				b.WriteString(css[:open+1] + kept + "}")
			}
			css = rest
		default:
			open := strings.IndexByte(css, '{')
			end := strings.IndexByte(css, '}')
			if open < 0 || end < 0 {
				return b.String()
			}
			if keep(css[:open], used) {
				b.WriteString(css[:end+1])
			}
			css = css[end+1:]
		}
	}
	return b.String()
}

// block splits s, just after an @media's brace, at its closing brace.
func block(s string) (inner, rest string) {
	depth := 1
	for i, r := range s {
		switch r {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return s[:i], s[i+1:]
			}
		}
	}
	return s, ""
}

func keep(selectors string, used map[string]bool) bool {
	for sel := range strings.SplitSeq(selectors, ",") {
		ok := true
		for _, m := range selecteurClasse.FindAllStringSubmatch(sel, -1) {
			if !used[m[1]] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
