package redact

import (
	"strings"
	"unicode/utf8"
)

// markDiscordSyntax finds Discord's own markup: user, role and channel mentions and
// timestamps are identifiers; custom emoji and slash-command mentions carry IDs that say
// nothing about a person, so they are protected from the digit-run detector instead.
// It also finds handles written by hand ("@maria_lopez85").
func (s *scan) markDiscordSyntax() {
	t := s.text
	for i := strings.IndexByte(t, '<'); i >= 0; {
		s.discordMarkup(i)
		k := strings.IndexByte(t[i+1:], '<')
		if k < 0 {
			break
		}
		i += 1 + k
	}
	for i := strings.IndexByte(t, '@'); i >= 0; {
		s.handle(i)
		k := strings.IndexByte(t[i+1:], '@')
		if k < 0 {
			break
		}
		i += 1 + k
	}
}

func (s *scan) discordMarkup(i int) {
	t := s.text[i:]
	switch {
	case strings.HasPrefix(t, "<@&"):
		if n := digitsThen(t[3:], '>'); n > 0 {
			s.add(i, i+3+n+1, KindRole, "")
		}
	case strings.HasPrefix(t, "<@!"):
		if n := digitsThen(t[3:], '>'); n > 0 {
			s.add(i, i+3+n+1, KindName, t[3:3+n])
		}
	case strings.HasPrefix(t, "<@"):
		if n := digitsThen(t[2:], '>'); n > 0 {
			s.add(i, i+2+n+1, KindName, t[2:2+n])
		}
	case strings.HasPrefix(t, "<#"):
		if n := digitsThen(t[2:], '>'); n > 0 {
			s.add(i, i+2+n+1, KindChannel, "")
		}
	case strings.HasPrefix(t, "<t:"):
		j := 3
		if j < len(t) && t[j] == '-' {
			j++
		}
		n := countDigits(t[j:])
		if n == 0 {
			return
		}
		j += n
		if j+1 < len(t) && t[j] == ':' && isASCIILetter(t[j+1]) {
			j += 2
		}
		if j < len(t) && t[j] == '>' {
			s.add(i, i+j+1, KindDate, "")
		}
	case strings.HasPrefix(t, "<:"), strings.HasPrefix(t, "<a:"), strings.HasPrefix(t, "</"):
		// <:name:id>, <a:name:id>, </command sub:id>
		j := strings.IndexByte(t[:min(len(t), 128)], '>')
		if j < 0 {
			return
		}
		body := t[:j]
		c := strings.LastIndexByte(body, ':')
		n := strings.IndexAny(body, ":/") + 1 // the name starts after "<:", "<a:" or "</"
		if n < c && c+1 < j && countDigits(body[c+1:]) == j-c-1 && markupName(body[n:c], body[1] == '/') {
			s.protect = append(s.protect, span{start: i, end: i + j + 1})
		}
	}
}

// handle finds "@name" typed by hand. Discord handles are letters, digits, "_" and ".";
// "@everyone" and "@here" are Discord's own and name nobody. An "@" inside a word belongs
// to an email address instead.
func (s *scan) handle(i int) {
	t := s.text
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(t[:i])
		if isWordRune(r) || r == '.' || r == '_' || r == '-' || r == '+' || r == '@' {
			return
		}
	}
	j := i + 1
	first := true
	for j < len(t) {
		r, w := utf8.DecodeRuneInString(t[j:])
		if first && !(isWordRune(r) && !isASCIIDigit(byte(r))) && r != '_' {
			return
		}
		if !isWordRune(r) && r != '_' && r != '.' && r != '-' {
			break
		}
		first = false
		j += w
	}
	for j > i+1 && (t[j-1] == '.' || t[j-1] == '-') {
		j--
	}
	if j == i+1 {
		return
	}
	h := strings.ToLower(t[i+1 : j])
	if h == "everyone" || h == "here" {
		return
	}
	if j < len(t) && t[j] == '@' { // part of something else, e.g. "@a@b.com"
		return
	}
	j = discriminator(t, j)
	s.add(i, j, KindName, s.r.handles[h])
}

// discriminator extends a name over an old-style "#1234" tag.
func discriminator(t string, j int) int {
	if j+5 <= len(t) && t[j] == '#' && countDigits(t[j+1:]) == 4 {
		return j + 5
	}
	return j
}

func digitsThen(t string, c byte) int {
	n := countDigits(t)
	if n == 0 || n > 25 || n >= len(t) || t[n] != c {
		return 0
	}
	return n
}

func countDigits(t string) int {
	n := 0
	for n < len(t) && isASCIIDigit(t[n]) {
		n++
	}
	return n
}

func isASCIIDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// markupName checks the name inside emoji and command markup: letters, digits, "_" and "-"
// (and spaces between a command and its subcommand), so that nothing that merely looks
// like markup ("<: maria@x.com :1>") can shield an identifier from redaction.
func markupName(name string, command bool) bool {
	if name == "" || len(name) > 100 {
		return false
	}
	for _, r := range name {
		if !(isWordRune(r) || r == '_' || r == '-' || command && r == ' ') {
			return false
		}
	}
	return true
}
