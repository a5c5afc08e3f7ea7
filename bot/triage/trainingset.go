package triage

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Reading the labelled sets in testdata/, for cmd/traintriage and the
// tests. Nothing here runs in the bot.

// TrainingFiles are the sets the model learns from: everything written for
// training, and the older evaluation sets the rules were developed on.
// Sets under testdata/heldout/ are never trained on.
var TrainingFiles = []string{
	"train/*.tsv",
	"eval.tsv", "holdout.tsv", "fresh.tsv", "probe.tsv",
	"batch5.tsv", "batch6.tsv", "batch7.tsv", "batch8.tsv", "batch9.tsv",
}

// ReadTrainingSet reads every training file under dir (TrainingFiles), in a fixed order, and fingerprints
// their contents so the model records exactly what it learned from.
// A TrainingSet is every example of the training files, in a fixed order,
// with the file each came from and a fingerprint of the files' contents.
type TrainingSet struct {
	Examples    []Example
	Sources     []string // base name of each example's file
	Fingerprint string   // SHA-256 of the files, in order
}

func ReadTrainingSet(dir string) (TrainingSet, error) {
	var files []string
	for _, g := range TrainingFiles {
		m, err := filepath.Glob(filepath.Join(dir, g))
		if err != nil {
			return TrainingSet{}, err
		}
		if len(m) == 0 {
			return TrainingSet{}, fmt.Errorf("no file matches %s", filepath.Join(dir, g))
		}
		slices.Sort(m)
		files = append(files, m...)
	}
	sum := sha256.New()
	seen := map[string]bool{}
	var set TrainingSet
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return TrainingSet{}, err
		}
		sum.Write(b)
		parseFile := ParseLabelled
		if filepath.Base(f) == "context.tsv" {
			parseFile = ParseContext
		}
		exs, err := parseFile(f, string(b))
		if err != nil {
			return TrainingSet{}, err
		}
		for _, ex := range exs {
			if !seen[ex.Text] {
				seen[ex.Text] = true
				set.Examples = append(set.Examples, ex)
				set.Sources = append(set.Sources, filepath.Base(f))
			}
		}
	}
	set.Fingerprint = hex.EncodeToString(sum.Sum(nil))
	return set, nil
}

// ParseLabelled reads label<TAB>text lines; "\n" in a text is a line break and
// lines starting with # are comments.
func ParseLabelled(name, s string) ([]Example, error) {
	var out []Example
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		label, text, ok := strings.Cut(line, "\t")
		if !ok || strings.Contains(text, "\t") {
			return nil, fmt.Errorf("%s:%d: want label<TAB>text", name, n)
		}
		l, err := ParseLabel(label)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		out = append(out, Example{Text: strings.ReplaceAll(text, `\n`, "\n"), Label: l})
	}
	if err := sc.Err(); err != nil {
		return nil, errors.Join(fmt.Errorf("%s", name), err)
	}
	return out, nil
}

// ParseContext reads sequences, label_in_context<TAB>label_alone<TAB>
// earlier…<TAB>last: the last message alone is an example with its label
// alone, and the sequence joined one message a line (as
// ClassifyInContext reads it) is one with its label in context —
// except where the earlier messages held the emergency and the last is a
// harmless follow-up, which would teach the model that an emergency's
// words stop counting when "thanks" follows them.
func ParseContext(name, s string) ([]Example, error) {
	var out []Example
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(strings.ReplaceAll(line, `\n`, "\n"), "\t")
		if len(f) < 4 {
			return nil, fmt.Errorf("%s:%d: want label_in_context<TAB>label_alone<TAB>earlier…<TAB>last", name, n)
		}
		inContext, err := ParseLabel(f[0])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		alone, err := ParseLabel(f[1])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		out = append(out, Example{Text: f[len(f)-1], Label: alone})
		if inContext.Category() == Emergency {
			out = append(out, Example{Text: strings.Join(f[2:], "\n"), Label: inContext})
		}
	}
	return out, sc.Err()
}
