package triage

import (
	"bytes"
	"strings"
	"testing"
)

func TestModelLoads(t *testing.T) {
	if learnedErr != nil {
		t.Fatalf("%v: run go run ./cmd/traintriage", learnedErr)
	}
	if learned.Emergency <= 0 || learned.Emergency >= 1 {
		t.Errorf("emergency threshold %v", learned.Emergency)
	}
}

// TestModelMatchesItsData fails when the training files changed after the
// model was trained: retrain with go run ./cmd/traintriage.
func TestModelMatchesItsData(t *testing.T) {
	set, err := ReadTrainingSet("testdata")
	if err != nil {
		t.Fatal(err)
	}
	if want := "data_sha256=" + set.Fingerprint; !strings.Contains(learned.Meta, want) {
		t.Errorf("model.bin was trained on other data (%s); want %s: run go run ./cmd/traintriage", learned.Meta, want)
	}
	if len(set.Examples) < 5000 {
		t.Errorf("%d training examples, want at least 5,000", len(set.Examples))
	}
}

func TestModelRoundTrip(t *testing.T) {
	b, err := learned.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var m Model
	if err := m.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	b2, _ := m.MarshalBinary()
	if !bytes.Equal(b, b2) {
		t.Error("model does not round-trip")
	}
	for _, bad := range [][]byte{nil, []byte("nope"), b[:len(b)-1], append(append([]byte{}, b...), 0)} {
		if err := new(Model).UnmarshalBinary(bad); err == nil {
			t.Errorf("a broken model of %d bytes loaded", len(bad))
		}
	}
}

// TestTrainDeterministic: the same data and options give the same bytes,
// so model.bin can be rebuilt and checked (a small table and few folds keep
// the test quick).
func TestTrainDeterministic(t *testing.T) {
	set, err := ReadTrainingSet("testdata")
	if err != nil {
		t.Fatal(err)
	}
	exs := set.Examples[:600]
	opt := TrainOptions{Bits: 12, Epochs: 2, Folds: 2}
	a, _, err := Train(exs, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, _, _ := Train(exs, opt)
	ab, _ := a.MarshalBinary()
	bb, _ := b.MarshalBinary()
	if !bytes.Equal(ab, bb) {
		t.Error("two trainings on the same data differ")
	}
}

// The learned layer only raises: whatever it says, a message never ends
// below the rules' category.
func TestModelOnlyRaises(t *testing.T) {
	for _, text := range []string{
		"I took 30 pills", "no chest pain, just heartburn", "hello", "how many units for 60g carbs?",
		"I'm not suicidal, just tired of insurance", "my chest hurts and my left arm is numb",
	} {
		a, _ := analyze(text, nil, false)
		rules := a.rules
		for _, p := range [][numOut]float32{{1, 0, 0, 0, 0}, {0, 1, 0, 0, 0}, {0, 0, 1, 0, 0}, {0, 0, 0, 1, 0}, {0, 0, 0, 0, 1}} {
			if got := learned.raise(a.rules, learned.emergencyBar(&a), p); got.Category < rules.Category {
				t.Errorf("%q: rules %v, model %v gives %v", text, rules.Category, p, got.Category)
			}
		}
	}
}

// analyzeRules is the rules' decision alone, for tests of the rules.
func analyzeRules(text string) Decision {
	a, _ := analyze(text, nil, false)
	return a.rules
}

// A message whose words the rules explained away is raised to emergency
// only at the model's higher bar, Denied, and never when a harmless idiom
// explained it or when it is too short to judge.
func TestEmergencyBar(t *testing.T) {
	m := &Model{Emergency: 0.3, Denied: 0.7, Clinical: 2, Peer: 2}
	sure, unsure := [numOut]float32{0.1, 0, 0, 0.8, 0.1}, [numOut]float32{0.5, 0, 0, 0.25, 0.25}
	for _, c := range []struct {
		name string
		a    analysis
		p    [numOut]float32
		want Category
	}{
		{"plain, sure", analysis{words: 10}, sure, Emergency},
		{"plain, at the emergency threshold", analysis{words: 10}, unsure, Emergency},
		{"lowered by a modifier, sure", analysis{words: 10, denied: true}, sure, Emergency},
		{"lowered by a modifier, unsure", analysis{words: 10, denied: true}, unsure, None},
		{"explained by an idiom, sure", analysis{words: 10, denied: true, idiom: true}, sure, None},
		{"too short, sure", analysis{words: minModelWords - 1}, sure, None},
	} {
		if got := m.raise(Decision{Category: None}, m.emergencyBar(&c.a), c.p).Category; got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
