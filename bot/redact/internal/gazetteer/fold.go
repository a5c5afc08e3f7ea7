package gazetteer

import (
	"unicode"
	"unicode/utf8"
)

// Folding is shared with the redactor, so that keys built here are the words it reads: lower
// case, with the accents chat users often leave out removed ("María" → "maria", "Zoë" → "zoe",
// "Straße" → "strasse").

var foldTable = func() map[rune]string {
	m := map[rune]string{}
	const pairs = "àa áa âa ãa äa åa āa ąa ăa çc ćc čc ďd đd èe ée êe ëe ēe ęe ěe ėe ğg ìi íi îi ïi īi ıi įi ľl łl ĺl ñn ńn ňn òo óo ôo õo öo øo ōo őo ŕr řr śs šs şs șs ťt ţt țt ùu úu ûu üu ūu ůu űu ųu ýy ÿy źz żz žz"
	start := -1
	for i := 0; i <= len(pairs); i++ {
		if i < len(pairs) && pairs[i] != ' ' {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			p := pairs[start:i]
			r, w := utf8.DecodeRuneInString(p)
			m[r] = p[w:]
			start = -1
		}
	}
	m['ß'] = "ss"
	m['æ'] = "ae"
	m['œ'] = "oe"
	m['þ'] = "th"
	return m
}()

// IsWordRune says which runes make up words: letters, digits, and combining marks (which
// belong to the letter before them).
func IsWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// AppendFold appends the folded form of r to dst.
func AppendFold(dst []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(dst, byte(r))
	}
	r = unicode.ToLower(r)
	if f, ok := foldTable[r]; ok {
		return append(dst, f...)
	}
	if unicode.Is(unicode.Mn, r) {
		return dst // a combining accent: "José" typed with one folds like "Jose"
	}
	return utf8.AppendRune(dst, r)
}

// FoldWords splits s into folded words, as the redactor's tokenizer does.
func FoldWords(s string) []string {
	var out []string
	var cur []byte
	for _, r := range s {
		if IsWordRune(r) {
			cur = AppendFold(cur, r)
			continue
		}
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	if len(cur) > 0 {
		out = append(out, string(cur))
	}
	return out
}
