package triage

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// Normalize returns the canonical form of text that every rule is matched
// against. It is exported so that tests and other callers can see exactly
// what the rules see. In order it:
//
//  1. drops invisible characters (zero-width spaces and joiners, bidi
//     controls, variation selectors, skin tones, combining accents);
//  2. folds look-alike and styled letters to plain ASCII (Cyrillic а/е/о,
//     Greek, full-width, maths bold/italic, circled letters, small capitals)
//     and strips accents (é → e, ñ → n);
//  3. lower-cases, and turns typographic quotes and dashes into ASCII;
//  4. reads leetspeak inside words (su1c1de → suicide, k!ll → kill) but
//     leaves numbers with units alone (800mg, 30x, 4am);
//  5. shortens letters repeated three or more times (sooooo → so);
//  6. corrects common misspellings of the words the safety rules depend on
//     (sucide, siezure, overdoes, unconcious …);
//  7. collapses runs of spaces, keeps line breaks (they end a sentence)
//     and keeps emoji, which the rules read as words.
//
// A few things can be read more than one way: a character that looks like
// two letters (the Cyrillic ӏ, the leetspeak 1 and |, a capital I inside a
// lower-case word: i or l?), and letters typed one at a time that spell a
// phrase rather than a word ("k i l l m y s e l f"). Normalize gives one
// reading, with such letters joined into one word; Classify also tries the
// others such a message gives cause for (see reading).
func Normalize(text string) string {
	var fold, out [512]byte
	b, _ := normalizeBytes(out[:0], fold[:0], text, 0)
	return string(b)
}

// A reading says how normalisation reads what can be read more than one
// way. The zero reading is Normalize's. While reading, normalisation
// reports which other readings the text gives cause for; Classify then
// classifies the text again in each of them (altReadings) and keeps the
// most severe decision, so a look-alike can only ever raise a category.
// Ordinary text gives cause for none and is read once.
type reading uint8

const (
	readA     reading = 1 << iota // every two-way character read as its first letter (i of i/l)
	readB                         // … as its second letter (l of i/l)
	readSplit                     // letters typed one at a time read as several words (splitRun)
)

// altReadings are the readings Classify tries after the zero one, in this
// order, when the text gave cause for every bit of them.
var altReadings = [...]reading{readA, readB, readSplit, readA | readSplit, readB | readSplit}

// knownWords is the rules' lexicon, for the two checks that need to know
// whether a word is one the rules use (see writeWord and splitRun). It is
// set once the rules are compiled (classify.go); while they are, it is nil
// and those checks are skipped (rule patterns have nothing to read twice).
var knownWords *lexicon

// normalizeBytes appends the normal form of text in reading r to dst,
// using scratch for the intermediate folded text, and reports the other
// readings the text gives cause for. Classify passes buffers on its stack,
// so that a typical message is normalised without allocating.
func normalizeBytes(dst, scratch []byte, text string, r reading) ([]byte, reading) {
	folded, alts := foldRunes(scratch, text, r)
	folded, a := joinSpacedLetters(folded, r)
	out, b := wordPass(dst, folded, r)
	return out, alts | a | b
}

// joinSpacedLetters joins words typed one letter at a time to get past a
// filter: "s u i c i d e", "k.i.l.l m.y.s.e.l.f", "d-i-e". Four or more
// single letters (or leetspeak digits) in a row, each separated by one
// space (or several), dot, dash, underscore or asterisk, become one word;
// so do two or three that spell a short emergency word ("d i e", "k y s",
// "o.d"; see isShortSpelled). A space between two such runs
// ("k.i.l.l m.y.s.e.l.f") stays a space when the run was written with
// another separator, as does the space before a word after a run.
//
// A joined run that is no word the rules know may be a phrase typed a
// letter at a time ("k i l l m y s e l f"); see splitRun.
func joinSpacedLetters(s []byte, rd reading) ([]byte, reading) {
	if len(s) < 3 {
		return s, 0
	}
	var alts reading
	var out []byte // allocated only if something is joined
	last := 0
	for i := 0; i < len(s); {
		if i = nextRunStart(s, i); i == len(s) {
			break
		}
		// find a run c sep c sep c … starting at i; a space separator may
		// be several spaces, so the result does not depend on spacing
		j, n, letters := i, 0, 0
		var sep byte
		for j < len(s) && isSpellChar(s[j]) && (j+1 == len(s) || !isSpellChar(s[j+1])) {
			n++
			if isLetter(s[j]) {
				letters++
			}
			k := j + 1
			if k < len(s) && isLetterSep(s[k]) && (sep == 0 || s[k] == sep) {
				c := s[k]
				k++
				for c == ' ' && k < len(s) && s[k] == ' ' {
					k++
				}
				// the next letter must stand alone too: a word after the
				// run ("s u i c i d e is") is not part of it, and keeps
				// the space before it
				if k < len(s) && isSpellChar(s[k]) && (k+1 == len(s) || !isSpellChar(s[k+1])) {
					sep = c
					j = k
					continue
				}
			}
			j++
			break
		}
		if n < 4 && !(n >= 2 && letters == n && isShortSpelled(s[i:j])) || 2*letters < n {
			i = max(j, i+1)
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(s))
		}
		out = append(out, s[last:i]...)
		start := len(out)
		for k := i; k < j; k++ {
			if !isLetterSep(s[k]) {
				out = append(out, s[k])
			}
		}
		if n >= 4 && knownWords != nil && (rd == 0 || rd&readSplit != 0) {
			var a reading
			out, a = splitRun(out, start, rd)
			alts |= a
		}
		last = j
		i = j
	}
	if out == nil {
		return s, 0
	}
	return append(out, s[last:]...), alts
}

// isShortSpelled reports whether run, two or three single letters with
// separators between them, spells one of the few emergency words and
// abbreviations that are joined though shorter than four letters: "d i e",
// "k y s", "k m s", "o d", "s h". They mean what the whole word means to the
// rules ("i want to o d" is "i want to od"). Any other short run ("i a m",
// "a b c", "u r", "o k") is left as it is.
func isShortSpelled(run []byte) bool {
	var w [3]byte
	n := 0
	for _, c := range run {
		if !isLetterSep(c) {
			if n == len(w) {
				return false
			}
			w[n] = c
			n++
		}
	}
	switch string(w[:n]) {
	case "die", "kys", "kms", "od", "sh":
		return true
	}
	return false
}

// maxSplit is the longest run splitRun reads: a phrase typed a letter at a
// time is rarely longer.
const maxSplit = 48

// splitRun reads a run of letters typed one at a time, out[start:], as the
// fewest words the rules know, when it is not one such word itself
// ("killmyself" is "kill myself", "iwanttodie" is "i want to die"). In the
// zero reading it only reports that the run can be split (readSplit, with
// readA|readB when that needs a leetspeak 1 read as l); in a reading with
// readSplit it writes the words apart. Leetspeak digits in the run are
// read as letters for this.
//
// The split is a reading of its own, so that a run that means more joined
// (a long word the rules know only by its stem) keeps that meaning: Classify
// keeps the more severe decision of the two.
func splitRun(out []byte, start int, rd reading) ([]byte, reading) {
	run := out[start:]
	if len(run) > maxSplit {
		return out, 0
	}
	var letters [maxSplit]byte
	var ends [maxSplit]uint8
	read := func(rd reading) []byte {
		w := letters[:len(run)]
		for k, c := range run {
			switch {
			case c == '1':
				c = leetOne.read(rd)
			case isDigit(c):
				c = leetDigit[c-'0']
			}
			w[k] = c
		}
		return w
	}
	w := read(rd)
	nw := knownWords.splitWords(w, &ends)
	if rd&readSplit == 0 {
		switch {
		case nw > 0:
			return out, readSplit
		case slices.Contains(run, '1') && knownWords.splitWords(read(readB), &ends) > 0:
			return out, readSplit | readA | readB
		}
		return out, 0
	}
	if nw == 0 {
		return out, 0
	}
	out = out[:start]
	from := 0
	for k := 0; k < nw; k++ {
		if k > 0 {
			out = append(out, ' ')
		}
		out = append(out, w[from:ends[k]]...)
		from = int(ends[k])
	}
	return out, 0
}

// nextRunStart returns the first index from i on where joinSpacedLetters
// could find a run: a letter or digit that does not follow another, with a
// separator after it (anywhere else its search would give up at once). It
// returns len(s) if there is none. This loop reads every byte of every
// message, so it is kept small, and compiled on its own (not inlined) so
// that its loop has the registers to itself.
//
//go:noinline
func nextRunStart(s []byte, i int) int {
	for ; i+1 < len(s); i++ {
		if charClass[s[i+1]] == classSep && charClass[s[i]] == classSpell && (i == 0 || charClass[s[i-1]] != classSpell) {
			return i
		}
	}
	return len(s)
}

const (
	classSpell = 1
	classSep   = 2
)

// charClass classifies bytes for joinSpacedLetters.
var charClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case isSpellChar(byte(c)):
			t[c] = classSpell
		case isLetterSep(byte(c)):
			t[c] = classSep
		}
	}
	return
}()

func isSpellChar(c byte) bool {
	return isLetter(c) || c == '1' || c == '3' || c == '0' || c == '4' || c == '5' || c == '7'
}
func isLetterSep(c byte) bool { return c == ' ' || c == '.' || c == '-' || c == '_' || c == '*' }

// plainByte marks the bytes foldRunes copies unchanged: lower-case ASCII
// letters, digits and the space.
var plainByte = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = c >= 'a' && c <= 'z' || c == ' ' || c >= '0' && c <= '9'
	}
	return
}()

// foldRunes does steps 1–3: one rune at a time, no context needed beyond
// the letter before (a capital I after a lower-case letter, "kiIl", is an
// i/l look-alike).
func foldRunes(out []byte, text string, rd reading) ([]byte, reading) {
	var alts reading
	afterLower := false // the last character was a lower-case letter, or an I read as one
	for i := 0; i < len(text); {
		c := text[i]
		if plainByte[c] { // the common case: copy the whole run at once
			j := i + 1
			for j < len(text) && plainByte[text[j]] {
				j++
			}
			out = append(out, text[i:j]...)
			i = j
			afterLower = isLetter(text[j-1])
			continue
		}
		if c < utf8.RuneSelf { // other ASCII
			i++
			if c == 'I' && afterLower {
				alts |= readA | readB
				out = append(out, capitalI.read(rd))
				continue
			}
			afterLower = false
			switch {
			case c >= 'A' && c <= 'Z':
				out = append(out, c+'a'-'A')
			case c == '\r':
				out = append(out, '\n')
			case c == '\t', c == '\f', c == '\v':
				out = append(out, ' ')
			case c < ' ' && c != '\n':
				// other control characters carry nothing
			case (c == '!' || c == '?') && len(out) > 0 && out[len(out)-1] == c:
				// "!!!!" and "????" say it once; squeezed here, before words
				// are read, so that "0!!a" and "0!a" read the same
			default:
				out = append(out, c)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if r == utf8.RuneError || invisible(r) {
			continue
		}
		afterLower = false
		if a := foldRange(r); a != 0 {
			out = append(out, byte(unicode.ToLower(a)))
			continue
		}
		if s, ok := foldTable[r]; ok {
			out = append(out, s...)
			continue
		}
		if r >= ambiguousLo && r <= ambiguousHi {
			if t, ok := ambiguousLetters[r]; ok {
				alts |= readA | readB
				out = append(out, t.read(rd))
				continue
			}
		}
		if r == 0x2028 || r == 0x2029 || r == 0x85 { // line and paragraph separators
			out = append(out, '\n')
			continue
		}
		if unicode.IsSpace(r) || r == 0x2800 { // NBSP, em space, braille blank …
			out = append(out, ' ')
			continue
		}
		if l := unicode.ToLower(r); l != r {
			if s, ok := foldTable[l]; ok {
				out = append(out, s...)
				continue
			}
			r = l
		}
		out = utf8.AppendRune(out, r)
	}
	// squeeze letter runs now, before words typed one letter at a time are
	// joined ("0 fff 0 a" must read like "0 f 0 a"); leetspeak can make new
	// runs, which writeWord squeezes again
	return squeezeRuns(out), alts
}

// wordPass does steps 4–7 on the folded text.
func wordPass(b []byte, s []byte, rd reading) ([]byte, reading) {
	var alts reading
	var wordBuf [64]byte // scratch, reused for every word
	pendingSpace, pendingNewline, wrote := false, false, false
	flushSep := func() {
		if wrote {
			if pendingNewline {
				b = append(b, '\n')
			} else if pendingSpace {
				b = append(b, ' ')
			}
		}
		pendingSpace, pendingNewline = false, false
	}
	var last byte // last punctuation byte written, to squeeze "!!!!" and "????"
	lastRun := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ':
			pendingSpace, last = true, 0
			i++
			continue
		case c == '\n':
			pendingNewline, last = true, 0
			i++
			continue
		case isWordStart(c):
			j := i + 1
			plain := isLetter(c) // letters only: no leetspeak to read
			for j < len(s) {
				if d := s[j]; isLetter(d) {
					j++
				} else if isWordByte(d) || d == '!' && innerBang(s, j) {
					plain = false
					j++
				} else {
					break
				}
			}
			for j > i+1 && s[j-1] == '\'' { // a trailing apostrophe is a quote mark
				j--
			}
			flushSep()
			if plain {
				// letter runs were squeezed by foldRunes already
				w := s[i:j]
				if !mayBeMisspelled(w) {
					b = append(b, w...)
				} else if fixed, ok := correctSpelling(w); ok {
					b = append(b, fixed...)
				} else {
					b = append(b, w...)
				}
			} else {
				var a reading
				b, a = writeWord(b, s[i:j], wordBuf[:0], rd)
				alts |= a
			}
			wrote, last = true, 0
			i = j
			continue
		}
		// Anything else (punctuation, emoji): copy it through, squeezing
		// "!!!!" and "????" to one mark and longer dot runs to three.
		size := 1
		if c >= utf8.RuneSelf {
			_, size = utf8.DecodeRune(s[i:])
			last = 0
		} else if c == last {
			lastRun++
			if c == '!' || c == '?' || lastRun > 3 {
				i++
				continue
			}
		} else {
			last, lastRun = c, 1
		}
		flushSep()
		b = append(b, s[i:i+size]...)
		wrote = true
		i += size
	}
	return b, alts
}

// isWordStart: letters, digits and the leetspeak symbols @ $ | can start a
// word; a '!' never does (it is then punctuation).
func isWordStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '@' || c == '$' || c == '|'
}

// isWordByte reports bytes that can continue a word: the above plus the
// apostrophe of "don't".
func isWordByte(c byte) bool { return isWordStart(c) || c == '\'' }

// innerBang: a '!' between two letters or leetspeak digits belongs to the
// word (k!ll); readLeet then reads it as i if the word has letters at all.
func innerBang(s []byte, i int) bool {
	return i > 0 && i+1 < len(s) && isWordStart(s[i-1]) && isWordStart(s[i+1])
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

// writeWord applies leetspeak reading, repeated-letter squeezing and
// spelling correction to one word and writes it. In the zero reading it
// also reports whether the word gives cause to read the text again with
// every two-way character as one letter and as the other: it has a
// leetspeak 1 or |, and read the other way it is a different word the
// rules know ("ki11" is "kill", "su|c|de" is "suicide"; "a1c" and "t1"
// are read once).
//
// src is the word as folded, left as it is; the word is read in scratch.
func writeWord(b, src, scratch []byte, rd reading) ([]byte, reading) {
	// a leading apostrophe is a quote mark, not part of the word
	for len(src) > 0 && src[0] == '\'' {
		b = append(b, '\'')
		src = src[1:]
	}
	if len(src) == 0 {
		return b, 0
	}
	scratch = append(scratch[:0], src...)
	w, amb := readLeet(scratch, rd) // rewrites scratch
	start := len(b)
	b = appendSpelled(b, squeezeRuns(w))
	if amb && rd == 0 && knownWords != nil && otherLeetWord(src, b[start:]) {
		return b, readA | readB
	}
	return b, 0
}

// appendSpelled appends w, or its correct spelling.
func appendSpelled(b, w []byte) []byte {
	if fixed, ok := correctSpelling(w); ok {
		return append(b, fixed...)
	}
	return append(b, w...)
}

// otherLeetWord reports whether the word w, read with every leetspeak 1
// and | as i or as l, is a word the rules know other than def (its zero
// reading).
func otherLeetWord(w, def []byte) bool {
	for _, rd := range [2]reading{readA, readB} {
		var buf, out [64]byte
		alt, _ := readLeet(append(buf[:0], w...), rd) // longer words grow buf on the heap
		alt = appendSpelled(out[:0], squeezeRuns(alt))
		if string(alt) != string(def) && knownWords.knows(alt) {
			return true
		}
	}
	return false
}

// squeezeRuns shortens any letter repeated three or more times to one
// ("sooooo" → "so", "heeelp" → "help"). Double letters are kept here so the
// normal form stays readable; the matcher ignores doubling separately.
func squeezeRuns(w []byte) []byte {
	// fast path: most text has no run of three, and is returned untouched
	i := 2
	for ; i < len(w); i++ {
		if w[i] == w[i-1] && w[i] == w[i-2] && isLetter(w[i]) {
			break
		}
	}
	if i >= len(w) {
		return w
	}
	out := w[:i-2]
	for i = i - 2; i < len(w); {
		c := w[i]
		j := i + 1
		for j < len(w) && w[j] == c {
			j++
		}
		n := j - i
		if n >= 3 && isLetter(c) {
			n = 1
		}
		for k := 0; k < n; k++ {
			out = append(out, c)
		}
		i = j
	}
	return out
}
