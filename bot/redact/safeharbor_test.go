package redact

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// safeHarborKinds maps the kinds of testdata/safeharbor.txt to the placeholders that may
// replace them; the first is the one the redactor should pick.
var safeHarborKinds = []struct {
	gold string
	want []Kind
}{
	{"name", []Kind{KindName}},
	{"handle", []Kind{KindName}},
	{"place", []Kind{KindPlace, KindAddress}},
	{"address", []Kind{KindAddress, KindPlace}},
	{"zip", []Kind{KindZIP, KindAddress}},
	{"date", []Kind{KindDate}},
	{"age", []Kind{KindAge, KindDate}},
	{"phone", []Kind{KindPhone}},
	{"email", []Kind{KindEmail}},
	{"ssn", []Kind{KindID}},
	{"mrn", []Kind{KindID}},
	{"plan", []Kind{KindID}},
	{"account", []Kind{KindID}},
	{"licence", []Kind{KindID}},
	{"vehicle", []Kind{KindVehicle, KindID}},
	{"device", []Kind{KindDevice, KindID}},
	{"url", []Kind{KindURL}},
	{"ip", []Kind{KindIP}},
	{"photo", []Kind{KindPhoto, KindURL}},
	{"code", []Kind{KindID}},
}

// TestSafeHarbor runs the labelled set written for issue 14 and prints, for each kind, how
// many identifiers were planted, how many leaked (any letter or digit of it left in the
// output) and how many got their own placeholder. It fails on any leak and on any clinical
// value (⟦keep|…⟧) touched. Run with -v for the table and the false positives.
func TestSafeHarbor(t *testing.T) {
	r := New(loadMembers(t))
	for _, file := range []string{"testdata/safeharbor.txt", "testdata/safeharbor_holdout.txt"} {
		t.Run(strings.TrimSuffix(strings.TrimPrefix(file, "testdata/"), ".txt"), func(t *testing.T) {
			checkSafeHarbor(t, r, loadLabelled(t, file))
		})
	}
}

func checkSafeHarbor(t *testing.T, r *Redactor, lines []labelledLine) {
	type row struct{ planted, leaked, typed int }
	rows := map[string]*row{}
	keeps, lostKeeps := 0, 0
	fpBytes, textBytes := 0, 0
	var fps []string
	for _, l := range lines {
		spans := r.Find(l.text)
		covered := make([]Kind, len(l.text))
		for _, sp := range spans {
			for i := sp.Start; i < sp.End; i++ {
				covered[i] = sp.Kind
			}
		}
		inGold := make([]bool, len(l.text))
		for _, g := range l.gold {
			text := l.text[g.start:g.end]
			if g.kind == "keep" {
				keeps++
				for _, sp := range spans {
					if sp.Start < g.end && g.start < sp.End {
						lostKeeps++
						t.Errorf("line %d: clinical value %q lost: %q", l.lineNo, text, r.Redact(l.text))
						break
					}
				}
				continue
			}
			i := slices.IndexFunc(safeHarborKinds, func(k struct {
				gold string
				want []Kind
			}) bool {
				return k.gold == g.kind
			})
			if i < 0 {
				t.Fatalf("line %d: unknown kind %q", l.lineNo, g.kind)
			}
			for b := g.start; b < g.end; b++ {
				inGold[b] = true
			}
			rw := rows[g.kind]
			if rw == nil {
				rw = &row{}
				rows[g.kind] = rw
			}
			rw.planted++
			leaked := false
			for b := g.start + mustGo(g.kind, text); b < g.end; b++ {
				if covered[b] == "" && (unicode.IsLetter(rune(l.text[b])) || unicode.IsDigit(rune(l.text[b])) || l.text[b] >= 0x80) {
					leaked = true
				}
			}
			if leaked {
				rw.leaked++
				t.Errorf("line %d: %s %q leaked: %q", l.lineNo, g.kind, text, r.Redact(l.text))
				continue
			}
			k := covered[g.end-1]
			if k == safeHarborKinds[i].want[0] {
				rw.typed++
			} else if !slices.Contains(safeHarborKinds[i].want, k) {
				t.Logf("line %d: %s %q redacted as %s", l.lineNo, g.kind, text, k)
			}
		}
		textBytes += len(l.text)
		for _, sp := range spans {
			extra := 0
			for b := sp.Start; b < sp.End; b++ {
				if !inGold[b] && !unicode.IsSpace(rune(l.text[b])) {
					extra++
				}
			}
			fpBytes += extra
			if extra > 0 {
				fps = append(fps, fmt.Sprintf("%s %q in %q", sp.Kind, l.text[sp.Start:sp.End], l.text))
			}
		}
	}
	for _, f := range fps {
		t.Log("redacted beyond the marks:", f)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n| kind | planted | leaked | own placeholder |\n|---|---|---|---|\n")
	all := row{}
	for _, k := range safeHarborKinds {
		rw := rows[k.gold]
		if rw == nil {
			continue
		}
		all.planted += rw.planted
		all.leaked += rw.leaked
		all.typed += rw.typed
		fmt.Fprintf(&b, "| %s | %d | %d | %d |\n", k.gold, rw.planted, rw.leaked, rw.typed)
	}
	fmt.Fprintf(&b, "| all | %d | %d | %d |\n", all.planted, all.leaked, all.typed)
	fmt.Fprintf(&b, "| clinical values kept | %d | %d lost | |\n", keeps, lostKeeps)
	t.Logf("%d messages%s%d of %d bytes (%.2f%%) redacted outside the marked identifiers", len(lines), b.String(),
		fpBytes, textBytes, 100*float64(fpBytes)/float64(textBytes))
}

// mustGo is where the part of a marked identifier that has to be removed starts: all of it,
// except the first three digits of a five-digit ZIP code outside the restricted areas.
func mustGo(kind, text string) (from int) {
	if kind != "zip" || len(text) < 5 || !allDigits(text[:5]) || len(text) > 5 && text[5] != '-' {
		return 0
	}
	if restrictedZIP3[text[:3]] {
		return 0
	}
	return 3
}
