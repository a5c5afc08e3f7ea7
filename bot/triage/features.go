package triage

// Features of a message for the learned layer (model.go).
//
// The learned layer reads the same normal form and tokens as the rules, so
// look-alike letters, leetspeak and spaced-out words reach it already
// folded. Every feature is a string hashed to 32 bits (FNV-1a) with a
// one-byte kind in front, so the model is a flat table indexed by hash and
// no vocabulary is stored:
//
//	w  a word                               "w pills"
//	c  a character 3- or 4-gram of a word,  "c <pil", "c lls>"
//	   with < and > marking its ends        (typos, inflections, compounds,
//	                                        and words of languages the rules
//	                                        do not read share n-grams)
//	b  two neighbouring words of a sentence "b took all"
//	s  two words of a sentence, one apart   "s took my"
//	n  a number, by magnitude               "n30-49", and beside its
//	                                        neighbours: "b n30-49 units"
//	r  a rule finding and what context did  "r emergency.selfharm.plan kept"
//	   to it (rules.go, classify.go)
//	q  a context cue of the message         "q past"
//	i  a harmless idiom the rules blanked   "dying to try" (its words are
//	                                        left out of w, c, b and s)
//	k  a word class of vocab.go             "k pills" for any tablet's name
//	l  the message's length in words, by powers of two
//
// Words and bigrams carry meaning the rules never named; n-grams carry it
// across spellings; findings let the model learn when the rules are
// right. Nothing here allocates for a typical message.

const (
	featOffset uint32 = 2166136261
	featPrime  uint32 = 16777619
)

const (
	featWord   = 'w'
	featChar   = 'c'
	featBigram = 'b'
	featSkip   = 's'
	featNumber = 'n'
	featRule   = 'r'
	featCue    = 'q'
	featIdiom  = 'i'
	featClass  = 'k'
	featLength = 'l'
)

func hashStart(kind byte) uint32 { return (featOffset ^ uint32(kind)) * featPrime }

func hashMore(h uint32, b []byte) uint32 {
	for _, c := range b {
		h = (h ^ uint32(c)) * featPrime
	}
	return h
}

func hashString(h uint32, s string) uint32 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * featPrime
	}
	return h
}

// mix2 combines two hashes into one for a pair feature.
func mix2(kind byte, a, b uint32) uint32 {
	h := hashStart(kind)
	h = (h ^ a) * featPrime
	h = (h ^ (a >> 16)) * featPrime
	h = (h ^ b) * featPrime
	return (h ^ (b >> 16)) * featPrime
}

// numberBands are the magnitudes a number is read in: doses, units,
// glucose in mmol/L and mg/dL, minutes, counts of pills.
var numberBands = [...]struct {
	max  float64
	name string
}{
	{1, "n0-1"}, {2, "n2"}, {4, "n3-4"}, {9, "n5-9"}, {19, "n10-19"},
	{29, "n20-29"}, {49, "n30-49"}, {69, "n50-69"}, {99, "n70-99"},
	{199, "n100-199"}, {399, "n200-399"}, {999, "n400-999"}, {1e18, "n1000+"},
}

func numberBand(v float64) string {
	for _, b := range numberBands {
		if v <= b.max {
			return b.name
		}
	}
	return "n1000+"
}

// wordFeatures appends the features of the tokens of one normal form:
// words, their character n-grams, neighbouring pairs and numbers.
func wordFeatures(f []uint32, text []byte, toks []token) []uint32 {
	prev, prev2 := uint32(0), uint32(0) // hash of the previous word of the sentence, 0 at its start
	prevSent := int32(-1)
	var padded [40]byte
	for i := range toks {
		t := &toks[i]
		if t.sent != prevSent {
			prev, prevSent = hashString(hashStart(featWord), "<s>"), t.sent
			prev2 = prev
		}
		if t.masked {
			continue
		}
		var wh uint32
		if t.isNum {
			band := numberBand(t.num)
			wh = hashString(hashStart(featNumber), band)
			f = append(f, wh)
		} else {
			w := t.word(text)
			wh = hashMore(hashStart(featWord), w)
			f = append(f, wh)
			f = charGrams(f, w, &padded)
		}
		f = append(f, mix2(featBigram, prev, wh))
		f = append(f, mix2(featSkip, prev2, wh))
		prev2, prev = prev, wh
		if !t.isNum {
			f = eng.classFeatures(f, t)
		}
	}
	return append(f, lengthFeature[lengthBand(len(toks))])
}

// lengthFeature gives the model the message's length in words, by band, so
// that it can learn how little a two-word message says: without it, a
// short message's few words each weigh as much as a long one's key
// sentence.
var lengthFeature = func() (h [8]uint32) {
	for i := range h {
		h[i] = hashMore(hashStart(featLength), []byte{byte(i)})
	}
	return
}()

func lengthBand(n int) int {
	b := 0
	for n > 1 && b < 7 {
		n >>= 1
		b++
	}
	return b
}

// charGrams appends the 3- and 4-grams of "<w>" (5-grams cost a third
// more features and bought nothing measurable). Long words (URLs,
// keyboard mashing) contribute their first 38 bytes only.
func charGrams(f []uint32, w []byte, padded *[40]byte) []uint32 {
	if len(w) > len(padded)-2 {
		w = w[:len(padded)-2]
	}
	padded[0] = '<'
	n := copy(padded[1:], w) + 2
	padded[n-1] = '>'
	p := padded[:n]
	start := hashStart(featChar)
	for i := 0; i+3 <= n; i++ {
		h := start
		h = (h ^ uint32(p[i])) * featPrime
		h = (h ^ uint32(p[i+1])) * featPrime
		for k := i + 2; k < n && k < i+4; k++ {
			h = (h ^ uint32(p[k])) * featPrime
			f = append(f, h)
		}
	}
	return f
}

var outcomeNames = [numOutcomes]string{"kept", "lowered", "cancelled"}

// ruleFeatures[rule][outcome] is the hash of "r <rule ID> <outcome>";
// rules that share an ID share their features.
var ruleFeatures = func() [][numOutcomes]uint32 {
	out := make([][numOutcomes]uint32, len(eng.rules))
	for i, r := range eng.rules {
		for o := range out[i] {
			out[i][o] = hashString(hashStart(featRule), r.id+" "+outcomeNames[o])
		}
	}
	return out
}()

// findingFeatures appends what the rules found, and the message's cues.
func (e *engine) findingFeatures(f []uint32, fs *findings) []uint32 {
	for i := 0; i < fs.n; i++ {
		f = append(f, ruleFeatures[fs.rules[i].rule][fs.rules[i].outcome])
	}
	for _, i := range fs.idioms[:fs.nIdioms] {
		f = append(f, hashMore(hashStart(featIdiom), []byte{byte(i), byte(i >> 8)}))
	}
	for c := cueKind(1); c != 0 && c <= fs.cues; c <<= 1 {
		if fs.cues&c != 0 {
			f = append(f, hashMore(hashStart(featCue), []byte{byte(bitIndex(uint16(c)))}))
		}
	}
	return f
}

func bitIndex(x uint16) int {
	n := 0
	for x > 1 {
		x >>= 1
		n++
	}
	return n
}

// classFeatures appends the word classes of vocab.go the token belongs to:
// "k pills" for any of the many names of tablets, so that a medicine the
// training data never named is still read as one.
func (e *engine) classFeatures(f []uint32, t *token) []uint32 {
	c := e.classOf[t.id]
	for k := uint8(0); k < t.nstem; k++ {
		c |= e.classOf[t.stems[k]]
	}
	for i := 0; c != 0; i, c = i+1, c>>1 {
		if c&1 != 0 {
			f = append(f, classFeature[i])
		}
	}
	return f
}

var classFeature = func() []uint32 {
	out := make([]uint32, len(eng.classNames))
	for i, name := range eng.classNames {
		out[i] = hashString(hashStart(featClass), name)
	}
	return out
}()
