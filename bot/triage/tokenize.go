package triage

import (
	"strconv"
	"unicode/utf8"
)

// A token is one word, number or emoji of the normal form, with the
// sentence and clause it belongs to. Rules match runs of tokens within one
// sentence; negation looks back only within one clause.
//
// Tokens hold no pointers (the word is an offset into the normal form, or
// an index into extraWords), so a message's token slice is cheap to
// allocate and invisible to the garbage collector.
type token struct {
	num    float64 // value when isNum
	off    int32   // the word is text[off:off+n] …
	n      int32
	ext    int16 // … unless ext > 0: then it is extraWords[ext] (emoji, "many", "?")
	isNum  bool
	dec    bool  // number written with a decimal point or comma (2.2, 2,2)
	sent   int32 // sentence index
	clause int32 // clause index (increases at every sentence too)
	id     int32 // lexicon ID of the word, 0 if no pattern uses it (lexicon.go)
	stems  [4]int32
	nstem  uint8
	flags  uint8 // wordNegator, wordHedge, wordPronoun, wordNever, wordNot
	starts uint8 // matchers with a pattern that may start here (lexicon.starts)
	masked bool  // part of a harmless idiom: no rule may match it
}

// word returns the token's word as written in the normal form text.
func (t *token) word(text []byte) []byte {
	if t.ext > 0 {
		return extraWordBytes[t.ext]
	}
	return text[t.off : t.off+t.n]
}

var extraWordBytes = func() [][]byte {
	b := make([][]byte, len(extraWords))
	for i, w := range extraWords {
		b[i] = []byte(w)
	}
	return b
}()

// extraWords are words that do not appear in the normal form as such:
// emoji read as words, the "many" of a row of emoji, and the question mark.
var extraWords, emojiExt = func() ([]string, map[rune]int16) {
	words := []string{"", "?", "many"}
	idx := map[string]int16{}
	ext := map[rune]int16{}
	for r, w := range emojiWords {
		if _, ok := idx[w]; !ok {
			if w == "?" {
				idx[w] = extQ
			} else {
				idx[w] = int16(len(words))
				words = append(words, w)
			}
		}
		ext[r] = idx[w]
	}
	return words, ext
}()

const (
	extQ    int16 = 1 // "?"
	extMany int16 = 2 // "many"
)

// clauseWords start a new clause (applied in lexicon.annotate): a negation
// before them does not reach past them ("I'm not sure why but I want to
// die").
var clauseWords = wordSet(`but and so because cause cuz though although however pero y porque then except yet`)

// wordTail marks the bytes that continue a word begun by a letter:
// letters, digits and the apostrophe.
var wordTail = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = isLetter(byte(c)) || isDigit(byte(c)) || c == '\''
	}
	return
}()

// tokenize splits a normal form into tokens, appended to buf (Classify
// passes an array on its stack; append grows it for long messages).
func tokenize(s []byte, buf []token) []token {
	toks := buf[:0]
	var sent, clause int32
	pendingBreak := false // a weak break (comma) seen since the last token
	var lastEmoji rune
	emojiRun := 0
	newSentence := func() {
		if len(toks) > 0 && toks[len(toks)-1].sent == sent {
			sent++
			clause++
		}
		pendingBreak = false
	}
	push := func(t token) {
		if pendingBreak {
			if len(toks) > 0 && toks[len(toks)-1].clause == clause {
				clause++
			}
			pendingBreak = false
		}
		t.sent, t.clause = sent, clause
		toks = append(toks, t)
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c == ' ' { // only separates (and does not end a row of emoji)
			i++
			continue
		}
		if c < utf8.RuneSelf { // words or punctuation end a row of emoji
			lastEmoji, emojiRun = 0, 0
		}
		switch {
		case isLetter(c):
			j := i + 1
			for j < len(s) && wordTail[s[j]] {
				j++
			}
			push(token{off: int32(i), n: int32(j - i)})
			i = j
		case isDigit(c):
			j := i + 1
			dec := false
			for j < len(s) {
				if isDigit(s[j]) {
					j++
					continue
				}
				// a decimal point or comma between digits: "2.2", "2,2";
				// a comma followed by exactly three digits is a thousands
				// separator ("1,000") and is skipped.
				if (s[j] == '.' || s[j] == ',') && j+1 < len(s) && isDigit(s[j+1]) && !dec {
					k := j + 1
					for k < len(s) && isDigit(s[k]) {
						k++
					}
					if s[j] == ',' && k-j-1 == 3 {
						j = k
						continue
					}
					dec = true
					j = k
					continue
				}
				break
			}
			push(numberToken(s[i:j], dec))
			i = j
		case c == '?':
			push(token{ext: extQ})
			newSentence()
			i++
		case c == '.' || c == '!' || c == ';' || c == '\n':
			newSentence()
			i++
		case c == ',' || c == ':' || c == '(' || c == ')' || c == '"' || c == '[' || c == ']' || c == '>':
			pendingBreak = true
			i++
		case c < utf8.RuneSelf:
			i++ // other punctuation only separates
		default:
			r, size := utf8.DecodeRune(s[i:])
			i += size
			ext, ok := emojiExt[r]
			if !ok {
				lastEmoji, emojiRun = 0, 0
				continue
			}
			if ext == extQ {
				push(token{ext: extQ})
				newSentence()
				continue
			}
			// the same emoji again: count it, and at the third one
			// insert "many" before the word already emitted
			if r == lastEmoji {
				emojiRun++
				if emojiRun == 3 {
					last := toks[len(toks)-1]
					toks = append(toks, last)
					toks[len(toks)-2].ext = extMany
				}
				continue
			}
			// a different emoji standing for the same word ("😵💫")
			if len(toks) > 0 && lastEmoji != 0 && toks[len(toks)-1].ext == ext {
				lastEmoji, emojiRun = r, 1
				continue
			}
			lastEmoji, emojiRun = r, 1
			push(token{ext: ext})
		}
	}
	return toks
}

// notForms (applied in lexicon.annotate): "can not" and "cannot" are read as "cant", "do not" as "dont"
// and so on, so that patterns and negation only need the short form.
var notForms = func() map[string]string {
	m := map[string]string{}
	for long, short := range map[string]string{
		"can": "cant", "do": "dont", "does": "doesnt", "did": "didnt", "is": "isnt",
		"was": "wasnt", "are": "arent", "were": "werent", "will": "wont", "would": "wouldnt",
		"could": "couldnt", "should": "shouldnt", "have": "havent", "has": "hasnt", "had": "hadnt",
	} {
		m[wordKey(long)] = wordKey(short)
	}
	return m
}()

// wordAliases (applied in lexicon.annotate) are single words with one
// canonical spelling. Keys and values are in wordKey form.
var wordAliases = func() map[string]string {
	m := map[string]string{}
	for from, to := range map[string]string{"cannot": "cant", "wouldn": "wouldnt", "ur": "your"} {
		m[wordKey(from)] = wordKey(to)
	}
	return m
}()

// wordKey drops apostrophes (don't → dont, I'm → im) and squeezes doubled
// letters, so that "kill", "kil" and "killl" are one key.
func wordKey(w string) string {
	need := false
	for i := 0; i < len(w); i++ {
		if w[i] == '\'' || i > 0 && w[i] == w[i-1] {
			need = true
			break
		}
	}
	if !need {
		return w
	}
	b := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c == '\'' || len(b) > 0 && b[len(b)-1] == c {
			continue
		}
		b = append(b, c)
	}
	return string(b)
}

func numberToken(lit []byte, dec bool) token {
	var buf [32]byte
	clean := buf[:0]
	for i := 0; i < len(lit); i++ {
		switch c := lit[i]; {
		case isDigit(c):
			clean = append(clean, c)
		case c == '.' || c == ',':
			if dec && i+1 < len(lit) && !(c == ',' && thousands(lit, i)) {
				clean = append(clean, '.')
			}
		}
	}
	v, err := strconv.ParseFloat(string(clean), 64)
	if err != nil || len(clean) > 24 {
		v = 1e18 // absurdly long digit runs are no quantity a rule cares about
	}
	return token{num: v, isNum: true, dec: dec}
}

// thousands reports a comma at i followed by exactly three digits.
func thousands(lit []byte, i int) bool {
	k := i + 1
	for k < len(lit) && isDigit(lit[k]) {
		k++
	}
	return k-i-1 == 3
}
