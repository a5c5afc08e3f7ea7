package redact

import (
	"strings"
	"unicode/utf8"
)

// findEmails finds addresses around each "@", and addresses spelled out to dodge bots
// ("priya dot nair at gmail dot com", "sam(at)okafor(dot)net").
func (s *scan) findEmails() {
	t := s.text
	for i := strings.IndexByte(t, '@'); i >= 0; {
		s.emailAt(i)
		k := strings.IndexByte(t[i+1:], '@')
		if k < 0 {
			break
		}
		i += 1 + k
	}
	s.findSpelledEmails()
}

func isLocalRune(r rune) bool {
	return isWordRune(r) || strings.ContainsRune("._%+-'", r)
}

func isDomainRune(r rune) bool { return isWordRune(r) || r == '.' || r == '-' }

func (s *scan) emailAt(at int) {
	t := s.text
	// RFC 5321 limits: 64 bytes of local part, 255 of domain; the bounds also keep
	// "a@a@a@…" linear
	start := at
	for start > 0 && at-start < 64 {
		r, w := utf8.DecodeLastRuneInString(t[:start])
		if !isLocalRune(r) {
			break
		}
		start -= w
	}
	for start < at && strings.ContainsRune(".'-", rune(t[start])) {
		start++
	}
	end := at + 1
	for end < len(t) && end-at < 255 {
		r, w := utf8.DecodeRuneInString(t[end:])
		if !isDomainRune(r) {
			break
		}
		end += w
	}
	for end > at+1 && (t[end-1] == '.' || t[end-1] == '-') {
		end--
	}
	if start == at || !validDomain(t[at+1:end], false) {
		return
	}
	s.add(start, end, KindEmail, "")
}

// validDomain wants at least two labels and an alphabetic top-level label of two or more
// letters; knownTLD additionally wants that label on the list of real ones.
func validDomain(d string, knownTLD bool) bool {
	dot := strings.LastIndexByte(d, '.')
	if dot <= 0 || dot == len(d)-1 {
		return false
	}
	tld := d[dot+1:]
	if len(tld) < 2 {
		return false
	}
	for _, r := range tld {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			return false
		}
	}
	if knownTLD {
		return tldKind(strings.ToLower(tld)) != 0
	}
	return true
}

// findSpelledEmails: word, then "at" (bare, or in () [] {}), then a domain whose dots may be
// spelled "dot", ending on a known top-level domain. The local part may also use "dot".
func (s *scan) findSpelledEmails() {
	for k := 1; k+1 < len(s.toks); k++ {
		if !s.keyIs(k, "at") || !spelledSep(s.gapBefore(k), s.gap(k)) {
			continue
		}
		// domain: label (dot label)+, last label a known TLD
		end := k + 1
		dots := 0
		for {
			if s.spelledDot(end) {
				end += 2
			} else if end+1 < len(s.toks) && s.gap(end) == "." {
				end++
			} else {
				break
			}
			dots++
		}
		if dots == 0 || tldKind(s.key(end)) == 0 {
			continue
		}
		// "meet us at discord.gg/x" is a link, and "at example.com" with real dots is just
		// as likely prose: a bare "at" needs a spelled-out "dot" somewhere
		if g := s.gap(end); len(g) > 0 && g[0] == '/' {
			continue
		}
		if s.gapBefore(k) == " " && !s.spelledDotIn(k-3, end) {
			continue
		}
		start := k - 1
		for {
			if start >= 2 && s.spelledDot(start-2) {
				start -= 2
			} else if start > 0 && (s.gapBefore(start) == "." || s.gapBefore(start) == "_" || s.gapBefore(start) == "-") {
				start--
			} else {
				break
			}
		}
		s.add(s.toks[start].start, s.toks[end].end, KindEmail, "")
		k = end
	}
}

// spelledDot says whether tokens k and k+2 are joined by a spelled-out dot (k+1 is "dot")
// or tokens k and k+1 by a real one; it reports true only for the "dot" form, which is
// the one that moves by two tokens.
func (s *scan) spelledDot(k int) bool {
	if k+2 >= len(s.toks) {
		return false
	}
	return s.keyIs(k+1, "dot") && spelledSep(s.gap(k), s.gap(k+1))
}

func spelledSep(before, after string) bool {
	switch {
	case before == " " && after == " ":
		return true
	case (before == "(" || before == " (") && (after == ")" || after == ") "):
		return true
	case (before == "[" || before == " [") && (after == "]" || after == "] "):
		return true
	case (before == "{" || before == " {") && (after == "}" || after == "} "):
		return true
	}
	return false
}

func (s *scan) spelledDotIn(from, to int) bool {
	for i := max(from, 0); i <= to && i < len(s.toks); i++ {
		if s.keyIs(i, "dot") {
			return true
		}
	}
	return false
}
