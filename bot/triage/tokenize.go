package triage

import (
	"strconv"
	"unicode/utf8"
)

// A token is one word, number or emoji of the normal form, with the
// sentence and clause it belongs to. Rules match runs of tokens within one
// sentence; negation looks back only within one clause.
type token struct {
	w      string  // word with doubled letters squeezed ("kill" → "kil")
	num    float64 // value when isNum
	isNum  bool
	dec    bool  // number written with a decimal point or comma (2.2, 2,2)
	sent   int32 // sentence index
	clause int32 // clause index (increases at every sentence too)
	id     int32 // lexicon ID of w, 0 if no pattern uses it (lexicon.go)
	stems  [4]int32
	nstem  uint8
	masked bool // part of a harmless idiom: no rule may match it
}

// clauseWords start a new clause (applied in lexicon.annotate): a negation before them does not reach
// past them ("I'm not sure why but I want to die").
var clauseWords = map[string]bool{
	"but": true, "and": true, "so": true, "because": true, "cause": true, "cuz": true,
	"though": true, "although": true, "however": true, "pero": true, "y": true, "porque": true,
	"then": true, "except": true, "yet": true,
}

// tokenize splits a normal form into tokens. It allocates the token slice
// and, only for words with doubled letters, a squeezed copy.
func tokenize(s string) []token {
	toks := make([]token, 0, len(s)/4+4)
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
		if c < utf8.RuneSelf && c != ' ' { // words or punctuation end a row of emoji
			lastEmoji, emojiRun = 0, 0
		}
		switch {
		case isLetter(c):
			j := i + 1
			for j < len(s) && (isLetter(s[j]) || isDigit(s[j]) || s[j] == '\'') {
				j++
			}
			push(token{w: wordKey(s[i:j])})
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
			push(token{w: "?"})
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
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size
			w, ok := emojiWords[r]
			if !ok {
				lastEmoji, emojiRun = 0, 0
				continue
			}
			if w == "?" {
				push(token{w: "?"})
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
					toks[len(toks)-2].w = "many"
				}
				continue
			}
			// a different emoji standing for the same word ("😵💫")
			if len(toks) > 0 && lastEmoji != 0 && toks[len(toks)-1].w == squeeze(w) {
				lastEmoji, emojiRun = r, 1
				continue
			}
			lastEmoji, emojiRun = r, 1
			push(token{w: squeeze(w)})
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
// canonical spelling.
var wordAliases = map[string]string{
	"cannot": "cant", "wouldn": "wouldnt", "ur": "your",
}

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

func squeeze(w string) string { return wordKey(w) }

func numberToken(lit string, dec bool) token {
	clean := make([]byte, 0, len(lit))
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
	if err != nil {
		v = 0
	}
	return token{w: "#", num: v, isNum: true, dec: dec}
}

// thousands reports a comma at i followed by exactly three digits.
func thousands(lit string, i int) bool {
	k := i + 1
	for k < len(lit) && isDigit(lit[k]) {
		k++
	}
	return k-i-1 == 3
}
