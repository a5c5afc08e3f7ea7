package redact

import (
	"strings"
	"unicode/utf8"
)

// Top-level domains. Strong ones are never English words, so "example.com" is a URL even
// without a path. Weak ones are also words ("it", "me", "to"), so "done.it" stays text unless
// a path follows ("t.me/someone") or there are three or more labels.
const (
	tldStrong = 1
	tldWeak   = 2
)

var tlds = map[string]int{}

func init() {
	for _, t := range splitFields(`com net org edu gov mil int info biz io gg co uk de es fr
		nl ca au nz ie ch se dk fi pl pt ru cn jp kr br mx ar cl pe ve ec eu tv ly xyz app dev
		online site health care clinic blog link page ai gl cc ws fm ee gle ng za ke gh eg ma
		tr gr hu cz sk ro bg hr si rs ua lt lv il ae sa pk bd lk ph my sg hk tw th vn id cat
		gal eus ovh club shop store tech live life news space website email cloud media social
		fun top vip one art design studio world today network center zone help support
		foundation charity ngo church moe wiki digital chat land ly ee ms nu lu lk ch`) {
		tlds[t] = tldStrong
	}
	for _, t := range splitFields(`it is in me at to be no us am so my do go by as la mo
		tk sh md py me gs ac im`) {
		if tlds[t] == 0 {
			tlds[t] = tldWeak
		}
	}
}

func tldKind(t string) int { return tlds[t] }

// findURLs finds links with a scheme ("https://…"), "www." links, and bare domains with or
// without a path ("discord.gg/abc", "example.com/path", "mysugr.com"). Only words that are
// followed by "://" or by a dot or hyphen can start one, which keeps this cheap.
func (s *scan) findURLs() {
	done := 0 // end of the last link: words inside it are not looked at again
	for k := range s.toks {
		start := s.toks[k].start
		if start < done {
			continue
		}
		g := s.gap(k)
		if len(g) == 0 {
			continue
		}
		switch {
		case g[0] == ':' || g[0] == '.' && s.keyIs(k, "www"):
			if end := schemeURL(s.text, start); end > start {
				s.add(start, end, urlKind(s.text[start:end]), "")
				done = end
				continue
			}
		}
		if (g[0] == '.' || g[0] == '-') && k+1 < len(s.toks) {
			if end := s.bareURL(start); end > start {
				s.add(start, end, urlKind(s.text[start:end]), "")
				done = end
			}
		}
	}
}

// schemeURL matches "http://", "https://", "ftp://" and "www." links starting at i.
func schemeURL(t string, i int) int {
	rest := t[i:]
	n := 0
	for _, p := range []string{"https://", "http://", "ftp://", "hxxp://", "hxxps://", "www."} {
		if len(rest) >= len(p) && strings.EqualFold(rest[:len(p)], p) {
			n = len(p)
			break
		}
	}
	if n == 0 {
		return 0
	}
	end := i + n
	for end < len(t) {
		r, w := utf8.DecodeRuneInString(t[end:])
		if !isURLRune(r) {
			break
		}
		end += w
	}
	end = trimURLEnd(t, i, end)
	if end-i <= n+1 { // "http://" alone, or "www.x"
		return 0
	}
	return end
}

func isURLRune(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '<', '>', '"', '`', '|', '\\', '^', '{', '}', utf8.RuneError:
		return false
	}
	return r > ' ' && r != 0x7f && r != 0xa0 && !(r >= 0x2000 && r <= 0x200b) && r != 0x3000
}

// trimURLEnd drops sentence punctuation after a link, and a closing bracket the link did
// not open.
func trimURLEnd(t string, start, end int) int {
	for end > start {
		c := t[end-1]
		switch c {
		case '.', ',', ';', ':', '!', '?', '\'', '*', '_', '~':
			end--
			continue
		case ')', ']':
			open := byte('(')
			if c == ']' {
				open = '['
			}
			if strings.Count(t[start:end], string(open)) < strings.Count(t[start:end], string(c)) {
				end--
				continue
			}
		}
		break
	}
	return end
}

// bareURL matches a host name (labels joined by dots, ending in a known top-level domain)
// and whatever port, path or query follows it.
func (s *scan) bareURL(i int) int {
	t := s.text
	if i > 0 && (t[i-1] == '@' || t[i-1] == '.' || t[i-1] == '/') {
		return 0
	}
	j := i
	labels := 0
	lastStart := i
	letters := false
	for {
		ls := j
		for j < len(t) {
			r, w := utf8.DecodeRuneInString(t[j:])
			if !isWordRune(r) && r != '-' {
				break
			}
			// DNS allows 63 bytes a label and 253 a name; stopping there also keeps a long
			// run like "1-1-1-…" from being rescanned from every word in it
			if j-ls >= 63 || j-i >= 253 {
				return 0
			}
			if !isASCIIDigit(byte(r)) || r >= utf8.RuneSelf {
				letters = true
			}
			j += w
		}
		if j == ls {
			return 0
		}
		labels++
		lastStart = ls
		if j+1 < len(t) && t[j] == '.' {
			r, _ := utf8.DecodeRuneInString(t[j+1:])
			if isWordRune(r) {
				j++
				continue
			}
		}
		break
	}
	if labels < 2 || !letters {
		return 0
	}
	if j < len(t) && t[j] == '@' { // the local part of an email address
		return 0
	}
	kind := tldKind(strings.ToLower(t[lastStart:j]))
	if kind == 0 {
		return 0
	}
	end := j
	if end+1 < len(t) && t[end] == ':' && isASCIIDigit(t[end+1]) {
		end += 1 + countDigits(t[end+1:])
	}
	path := end < len(t) && (t[end] == '/' || t[end] == '?' || t[end] == '#')
	if path {
		for end < len(t) {
			r, w := utf8.DecodeRuneInString(t[end:])
			if !isURLRune(r) {
				break
			}
			end += w
		}
		end = trimURLEnd(t, i, end)
	}
	if kind == tldWeak && !path && labels < 3 {
		return 0
	}
	return end
}

// urlKind: a link to a photo is a photo.
func urlKind(u string) Kind {
	if photoURL(u) {
		return KindPhoto
	}
	return KindURL
}
