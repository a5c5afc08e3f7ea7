package triage

import (
	"maps"
	"slices"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"case", "I Want To DIE", "i want to die"},
		{"accents", "Me tomé todas las pastillas, está convulsionando, daño", "me tome todas las pastillas, esta convulsionando, dano"},
		{"decomposed accent", "me tome\u0301 todas", "me tome todas"},
		{"repeated letters", "sooooo tiiired", "so tired"},
		{"repeated letters keep doubles", "killl meeee", "kil me"},
		{"doubles kept", "feeling", "feeling"},
		{"leet digits", "su1c1de", "suicide"},
		{"leet phrase", "k1ll mys3lf", "kill myself"},
		{"leet leading digit", "0verdose", "overdose"},
		{"leet symbols", "$uicidal k!ll h@ng", "suicidal kill hang"},
		{"leet pipes", "ki|| myse|f", "kill myself"},
		{"numbers with units kept", "took 30 pills, 800mg, 5mg, 4am, 1st", "took 30 pills, 800mg, 5mg, 4am, 1st"},
		{"decimal glucose kept", "bg 2.2 mmol", "bg 2.2 mmol"},
		{"identifiers with 2 6 8 9 kept", "b12 covid19 spo2 t2d", "b12 covid19 spo2 t2d"},
		{"identifier read as leet on both sides", "a1c", "aic"},
		{"zero width space", "sui\u200bcide", "suicide"},
		{"zero width joiner and non-joiner", "k\u200di\u200cll", "kill"},
		{"soft hyphen", "sui\u00adcidal", "suicidal"},
		{"bidi controls", "\u202ekill\u202c myself", "kill myself"},
		{"cyrillic homoglyphs", "ѕuісіdе", "suicide"},
		{"cyrillic capitals", "ЅUІСІDЕ", "suicide"},
		{"greek homoglyphs", "ΚΙLL", "kill"},
		{"full width", "ｓｕｉｃｉｄｅ", "suicide"},
		{"maths bold", "𝐬𝐮𝐢𝐜𝐢𝐝𝐞", "suicide"},
		{"maths script capitals", "𝒦ℐ𝓛𝓛", "kill"},
		{"circled letters", "ⓓⓘⓔ", "die"},
		{"small capitals", "ᴅɪᴇ", "die"},
		{"smart quotes and dashes", "I’m “fine” — really", "i'm \"fine\" - really"},
		{"whitespace collapsed, newline kept", "a  \t b\n\n\nc", "a b\nc"},
		{"nbsp", "chest\u00a0pain", "chest pain"},
		{"punctuation squeezed", "help!!!!! why????", "help! why?"},
		{"ellipsis", "I can't……", "i can't..."},
		{"misspelling", "sucide siezure unconcious", "suicide seizure unconscious"},
		{"fuzzy one edit", "suicdie overdoze anaphylaxsis", "suicide overdose anaphylaxis"},
		{"real word not corrected", "the steak was overdone", "the steak was overdone"},
		{"algospeak", "sewerslide", "suicide"},
		{"emoji kept, selector and skin tone dropped", "⚰️ 👋🏽", "⚰ 👋"},
		{"spanish marks", "¿me quiero morir?", "me quiero morir?"},
		{"micro sign", "50µg", "50mcg"},
		{"palochka read as its usual letter", "kiӏӏ ӀT", "kill it"},
		{"small capital q", "ǫᴜɪᴇʀᴏ", "quiero"},
		{"spaced letters", "s u i c i d e", "suicide"},
		{"dotted letters", "k.i.l.l m.y.s.e.l.f", "kill myself"},
		{"letters spaced by two spaces", "s  u  i  c  i  d  e", "suicide"},
		{"letters spaced unevenly", "s u  i   c i  d e!", "suicide!"},
		{"phrase spelled out is joined (Classify also reads it split)", "k i l l m y s e l f", "killmyself"},
		{"dashed letters", "i want to d-i-e-e", "i want to diee"},
		{"short letter runs kept", "a b c and i a m", "a b c and i a m"},
		{"short emergency words joined", "i want to d i e, k y s, k.m.s, o-d, s h", "i want to die, kys, kms, od, sh"},
		{"short runs of other letters kept", "u r, o k, i d k, c o d", "u r, o k, i d k, c o d"},
		{"a word after a run keeps its space", "s u i c i d e is", "suicide is"},
		{"empty", "", ""},
		{"only spaces", "   ", ""},
		{"control characters", "a\x00b\x07c", "abc"},
		{"invalid utf8 dropped", "ab\xffcd", "abcd"},
	}
	for _, tc := range tests {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("%s: Normalize(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

// Normalize must be idempotent: the normal form of a normal form is itself.
func TestNormalizeIdempotent(t *testing.T) {
	for _, s := range []string{"I wаnt to dіe", "su1c1de!!!", "ｔｏｏｋ 30 ｐｉｌｌｓ", "sooooo tiiired", "Me tomé 20 pastillas", "💊💊💊 took all", "k!ll myse|f"} {
		once := Normalize(s)
		if twice := Normalize(once); twice != once {
			t.Errorf("Normalize not idempotent for %q: %q then %q", s, once, twice)
		}
	}
}

// TestFoldTable: no character is listed under two letters (which letter it
// folded to once depended on map order at start-up), building the table is
// deterministic, and characters that look like two letters are listed
// only in ambiguousLetters.
func TestFoldTable(t *testing.T) {
	lists := []map[string]string{latinAccents, homoglyphs, greekHomoglyphs, otherLookalikes, letterlike}
	for i := 0; i < 50; i++ {
		table, conflicts := foldTableFrom(lists...)
		if len(conflicts) > 0 {
			t.Fatalf("characters listed twice: %v", conflicts)
		}
		if !maps.Equal(table, foldTable) {
			t.Fatal("building the fold table twice gave different tables")
		}
	}
	for r := range ambiguousLetters {
		if _, ok := foldTable[r]; ok {
			t.Errorf("%q is in ambiguousLetters and in the fold table", r)
		}
	}
	_, conflicts := foldTableFrom(map[string]string{"i": "ӏx"}, map[string]string{"l": "x"})
	if want := []string{`'x' (U+0078) as "i" and "l"`, `'ӏ' (U+04CF) as "i" and in ambiguousLetters`}; !slices.Equal(conflicts, want) {
		t.Errorf("conflicts = %q, want %q", conflicts, want)
	}
}
