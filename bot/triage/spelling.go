package triage

// Spelling: people in distress type fast and badly. Two layers catch the
// misspellings of the words the emergency rules depend on:
//
//  1. misspellings, an explicit list of common variants seen in chat
//     (including "algospeak" such as "sewerslide" and "unalive");
//  2. one-edit fuzzy matching (one letter missing, extra, wrong, or two
//     neighbours swapped) against a short list of long, distinctive words,
//     minus real words that happen to be one edit away (overdone, sizing).
//
// Corrections are whole-word: the matched word is replaced by its canonical
// spelling in the normal form.

var misspellings = buildMisspellings(map[string][]string{
	"suicide":      {"sucide", "suiside", "suicde", "sucicide", "suicid", "suacide", "sooicide", "suecide", "suiciide", "sewerslide", "sewerslid", "soocide", "suicied", "suiced", "suicie"},
	"suicidal":     {"sucidal", "suisidal", "suicdal", "suicedal", "suacidal", "sucicidal", "suicidial", "suicidle", "suicidel", "sucidle", "sewerslidal"},
	"unalive":      {"unalived", "unaliving", "un-alive"},
	"myself":       {"myslef", "mysefl", "meself", "myslf", "mself", "myselff", "mysellf", "myselfe"},
	"overdose":     {"overdoes", "overdoze", "ovrdose", "overdos", "odose"},
	"overdosed":    {"overdosd", "overdozed", "ovrdosed"},
	"seizure":      {"siezure", "seisure", "sezure", "seazure", "seizur", "seziure", "siezur", "ceasure", "seasure"},
	"seizures":     {"siezures", "seisures", "sezures", "seazures", "ceasures", "seasures"},
	"seizing":      {"siezing", "seasing"},
	"unconscious":  {"unconcious", "unconsious", "unconsius", "unconscous", "unconchus", "unconsiousness"},
	"unresponsive": {"unresponive", "unrespnsive", "unrespsonsive", "unresposive"},
	"anaphylaxis":  {"anaphalaxis", "anaphylaxsis", "anaphylaxes", "anafilaxis", "anaflaxis", "anaphalaxsis", "anaphylasis"},
	"anaphylactic": {"anaphalactic", "anafilactic", "anaphylatic", "anaphylactc"},
	"breathe":      {"brethe", "breth", "breate", "breathee", "breahte"},
	"breathing":    {"breating", "brething", "breahting", "breathin", "breathng"},
	"chest":        {"chset", "ches", "chesst"},
	"cant":         {"cnt", "cannt", "caant"},
	"pills":        {"pils", "pillz", "pilz"},
	"tablets":      {"tablits", "tabets", "tablest"},
	"goodbye":      {"goodby", "gudbye", "gbye"},
	"slurred":      {"slured", "slurrd"},
	"hypoglycemia": {"hypoglycaemia", "hypoglicemia"},
	"hypo":         {"hypoo"},
	"insulin":      {"insuline", "insolin", "insullin", "insulen", "inslin"},
	"ketones":      {"keytones", "ketons", "keytons"},
	"epipen":       {"epi-pen", "epipin", "eppipen"},
	"ambulance":    {"ambulence", "ambulanse", "amblance"},
	"emergency":    {"emergancy", "emergensy", "emergncy"},
	"convulsion":   {"convulcion", "combulsion"},
	"suicidarme":   {"suisidarme", "sucidarme", "suicidarm"},
	"pastillas":    {"pastiyas", "pastias", "pastilas"},
})

// buildMisspellings inverts the readable table.
func buildMisspellings(byWord map[string][]string) map[string]string {
	m := make(map[string]string)
	for right, wrongs := range byWord {
		for _, w := range wrongs {
			m[w] = right
		}
	}
	return m
}

// fuzzyTargets are corrected when a word is one edit away from them. Only
// long words whose one-edit neighbours are (almost) never real words.
var fuzzyTargets = []string{
	"suicide", "suicidal", "overdose", "overdosed", "overdosing", "seizure", "seizures",
	"unconscious", "unresponsive", "anaphylaxis", "anaphylactic", "breathing",
	"hypoglycemia", "ambulance", "suicidarme", "suicidio", "sobredosis", "inconsciente",
	"convulsiones", "convulsion", "convulsionando", "pastillas", "respirar",
}

// fuzzyExcluded are real words one edit away from a target.
var fuzzyExcluded = map[string]bool{
	"overdone": true, "overdoses": true, "breathings": true, "respiran": true, "respirad": true,
	"conversion": true, "suicides": true, "pastilla": true, "convulsions": true,
}

// fuzzyTrigrams marks every three-letter run of every target. A word one
// edit away from a target still shares at least two of them (with the rare
// exception of a swap in a short word), so words sharing fewer skip the
// index lookups entirely: most words in a message cost a few array reads.
var fuzzyTrigrams = func() *[26 * 26 * 26]bool {
	var t [26 * 26 * 26]bool
	for _, w := range fuzzyTargets {
		for i := 0; i+3 <= len(w); i++ {
			t[trigram(w[i:i+3])] = true
		}
	}
	return &t
}()

func trigram(s string) int {
	return int(s[0]-'a')*676 + int(s[1]-'a')*26 + int(s[2]-'a')
}

// targetEnds marks, for the first two and for the last two letters of
// every fuzzy target, the word lengths one edit away from it (bit n: length
// n). One edit (a letter missing, extra, wrong, or two neighbours swapped)
// leaves either the first two or the last two letters of a word of six or
// more letters as they were, and changes its length by at most one; so a
// word matching neither end of any target at its length cannot be
// corrected, and most words of chat stop here without a map lookup.
var targetEnds = func() (t struct{ first, last [26 * 26]uint32 }) {
	for _, w := range fuzzyTargets {
		if len(w) < 7 || len(w) > 30 {
			panic("triage: fuzzy target length out of range: " + w)
		}
		lens := uint32(7) << (len(w) - 1) // len-1, len, len+1
		t.first[int(w[0]-'a')*26+int(w[1]-'a')] |= lens
		t.last[int(w[len(w)-2]-'a')*26+int(w[len(w)-1]-'a')] |= lens
	}
	return
}()

// nearTargetShape is the test targetEnds allows; w is all letters, 6 to 16
// of them.
func nearTargetShape(w []byte) bool {
	n := len(w)
	return (targetEnds.first[int(w[0]-'a')*26+int(w[1]-'a')]|
		targetEnds.last[int(w[n-2]-'a')*26+int(w[n-1]-'a')])&(1<<n) != 0
}

// misspelledShape marks, by first letter and length, the keys of the
// misspelling table, to skip the map lookup for almost every word.
var misspelledShape = func() (f [256]uint32) {
	for w := range misspellings {
		if len(w) < 32 {
			f[w[0]] |= 1 << len(w)
		}
	}
	return
}()

// fuzzyIndex maps every target and every one-deletion variant of a target
// to the target. Variants shared by two targets are dropped (ambiguous).
var fuzzyIndex = buildFuzzyIndex(fuzzyTargets)

func buildFuzzyIndex(targets []string) map[string]string {
	idx := make(map[string]string)
	ambiguous := make(map[string]bool)
	put := func(k, t string) {
		if old, ok := idx[k]; ok && old != t {
			ambiguous[k] = true
			return
		}
		idx[k] = t
	}
	for _, t := range targets {
		put(t, t)
	}
	for _, t := range targets {
		for i := 0; i < len(t); i++ {
			d := t[:i] + t[i+1:]
			if _, isTarget := idx[d]; isTarget && idx[d] == d {
				continue // never map one target onto another
			}
			put(d, t)
		}
	}
	for k := range ambiguous {
		delete(idx, k)
	}
	return idx
}

// mayBeMisspelled is false for words correctSpelling certainly leaves
// alone (by length, and for short words by the shape of the misspelling
// table); it is small enough to be inlined, so most words cost no call.
func mayBeMisspelled(w []byte) bool {
	n := len(w)
	return n >= 6 && n <= 16 || n >= 3 && n < 32 && misspelledShape[w[0]]&(1<<n) != 0
}

// correctSpelling returns the corrected word and true, or false when w is
// fine (or unknown).
func correctSpelling(w []byte) (string, bool) {
	if len(w) < 3 {
		return "", false
	}
	if len(w) < 32 && misspelledShape[w[0]]&(1<<len(w)) != 0 {
		if right, ok := misspellings[string(w)]; ok {
			return right, true
		}
	}
	if len(w) < 6 || len(w) > 16 || !allLetters(w) || !nearTargetShape(w) {
		return "", false
	}
	hits := 0
	for i := 0; i+3 <= len(w); i++ {
		if fuzzyTrigrams[int(w[i]-'a')*676+int(w[i+1]-'a')*26+int(w[i+2]-'a')] {
			hits++
		}
	}
	if hits < 2 || fuzzyExcluded[string(w)] {
		return "", false
	}
	if t, ok := fuzzyIndex[string(w)]; ok {
		// w is a target, or a target with one letter missing
		return t, t != string(w)
	}
	var buf [16]byte
	for i := range w {
		d := append(append(buf[:0], w[:i]...), w[i+1:]...)
		if t, ok := fuzzyIndex[string(d)]; ok && oneEdit(string(w), t) {
			// w has one extra letter, or one wrong letter, or a swap
			return t, true
		}
	}
	return "", false
}

// oneEdit reports whether a and b differ by exactly one insertion, deletion,
// substitution or swap of neighbours. The deletion index proposes
// candidates up to two edits away; this keeps only true one-edit ones.
func oneEdit(a, b string) bool {
	if a == b {
		return false
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	switch len(b) - len(a) {
	case 0:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		if a[i+1:] == b[i+1:] {
			return true // substitution
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case 1:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		return a[i:] == b[i+1:]
	}
	return false
}
