package triage

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// The learned layer: a multinomial logistic regression over the hashed
// features of features.go, trained by cmd/traintriage from the labelled
// messages in testdata/ and committed as model.bin.
//
// It gives five probabilities: none, peer, clinical, and the two kinds of
// emergency (self-harm, medical). It may only raise the rules' decision,
// never lower it: a message the rules call an emergency stays one whatever
// the model says, and the model's own thresholds (chosen by the trainer on
// messages it did not train on, for recall) decide when it raises.

// Outputs of the model, in the order of its weights.
const (
	outNone = iota
	outPeer
	outClinical
	outSelfHarm
	outMedical
	numOut
)

// modelMagic starts model.bin; the number is the format's version.
const modelMagic = "peerhours-triage-model-2\n"

// Model is a trained learned layer. The zero value is not usable: load one
// with UnmarshalBinary or train one with Train.
type Model struct {
	Bits uint8 // the weight table has 1<<Bits rows
	// Weights are quantised to int8, one scale per output; row r holds the
	// numOut weights of every feature whose hash ends in r.
	W     [][numOut]int8
	Scale [numOut]float32
	Bias  [numOut]float32
	// Thresholds, chosen by the trainer: the model raises a message to
	// emergency when p(self-harm)+p(medical) ≥ Emergency, to clinical when
	// p(clinical) ≥ Clinical, to peer when p(peer) ≥ Peer.
	Emergency, Clinical, Peer float32
	// Denied is the emergency threshold for a message whose
	// dangerous-sounding words the rules explained away (analysis.denied):
	// higher than Emergency, because such messages are mostly the
	// near-misses the rules were written for, but a bar rather than a
	// wall, because a modifier misread ("an hour ago", "quick check") must
	// not hide an emergency the model is sure of.
	Denied float32
	// Meta describes the training run (data fingerprint, sizes, options);
	// it is informational and checked by a test against testdata/.
	Meta string
}

//go:embed model.bin
var modelFile []byte

// learned is the committed model, loaded at init. A model.bin that does
// not load leaves the rules alone (a model that never raises), so that
// cmd/traintriage can still run to rebuild it; TestModelLoads fails on it.
var learned, learnedErr = func() (*Model, error) {
	m := &Model{}
	if err := m.UnmarshalBinary(modelFile); err != nil {
		return &Model{Emergency: 2, Clinical: 2, Peer: 2, Denied: 2}, fmt.Errorf("triage: model.bin: %w", err)
	}
	return m, nil
}()

// scores returns the model's probabilities for a message's features.
func (m *Model) scores(feats []uint32) [numOut]float32 {
	var acc [numOut]int32
	if len(m.W) == 0 {
		return [numOut]float32{}
	}
	mask := uint32(len(m.W) - 1)
	w := m.W
	for _, h := range feats {
		row := &w[h&mask]
		acc[0] += int32(row[0])
		acc[1] += int32(row[1])
		acc[2] += int32(row[2])
		acc[3] += int32(row[3])
		acc[4] += int32(row[4])
	}
	v := featureValue(len(feats))
	var logit [numOut]float32
	for k := range logit {
		logit[k] = m.Bias[k] + m.Scale[k]*float32(acc[k])*v
	}
	return softmax(logit)
}

// featureValue is the value of each feature of a message with n features:
// 1/√n, so that a long post's many ordinary words do not swamp the
// sentence that matters any more than a short message's few do.
func featureValue(n int) float32 {
	if n == 0 {
		return 0
	}
	return float32(1 / math.Sqrt(float64(n)))
}

func softmax(l [numOut]float32) (p [numOut]float32) {
	mx := l[0]
	for _, x := range l[1:] {
		mx = max(mx, x)
	}
	var sum float32
	for k, x := range l {
		p[k] = float32(math.Exp(float64(x - mx)))
		sum += p[k]
	}
	for k := range p {
		p[k] /= sum
	}
	return p
}

// MarshalBinary writes the model in model.bin's format: the magic line, a
// length-prefixed metadata string, the header numbers, then the weights.
func (m *Model) MarshalBinary() ([]byte, error) {
	if len(m.W) != 1<<m.Bits {
		return nil, errors.New("triage: model weights do not match its size")
	}
	b := []byte(modelMagic)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(m.Meta)))
	b = append(b, m.Meta...)
	b = append(b, m.Bits, numOut)
	for _, f := range m.Scale {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(f))
	}
	for _, f := range m.Bias {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(f))
	}
	for _, f := range [...]float32{m.Emergency, m.Clinical, m.Peer, m.Denied} {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(f))
	}
	for _, row := range m.W {
		for _, w := range row {
			b = append(b, byte(w))
		}
	}
	return b, nil
}

// UnmarshalBinary reads what MarshalBinary wrote.
func (m *Model) UnmarshalBinary(b []byte) error {
	if len(b) < len(modelMagic) || string(b[:len(modelMagic)]) != modelMagic {
		return errors.New("not a triage model (run go run ./cmd/traintriage)")
	}
	b = b[len(modelMagic):]
	if len(b) < 4 {
		return errors.New("truncated")
	}
	n := binary.LittleEndian.Uint32(b)
	b = b[4:]
	if uint32(len(b)) < n+2 {
		return errors.New("truncated")
	}
	m.Meta, b = string(b[:n]), b[n:]
	m.Bits, b = b[0], b[1:]
	if b[0] != numOut || m.Bits < 8 || m.Bits > 24 {
		return fmt.Errorf("unexpected shape: %d bits, %d outputs", m.Bits, b[0])
	}
	b = b[1:]
	floats := make([]float32, 2*numOut+4)
	if len(b) < 4*len(floats) {
		return errors.New("truncated")
	}
	for i := range floats {
		floats[i] = math.Float32frombits(binary.LittleEndian.Uint32(b))
		b = b[4:]
	}
	copy(m.Scale[:], floats[:numOut])
	copy(m.Bias[:], floats[numOut:2*numOut])
	m.Emergency, m.Clinical, m.Peer, m.Denied = floats[2*numOut], floats[2*numOut+1], floats[2*numOut+2], floats[2*numOut+3]
	if len(b) != (1<<m.Bits)*numOut {
		return fmt.Errorf("%d weight bytes, want %d", len(b), (1<<m.Bits)*numOut)
	}
	m.W = make([][numOut]int8, 1<<m.Bits)
	for i, c := range b {
		m.W[i/numOut][i%numOut] = int8(c)
	}
	return nil
}

// Reasons the learned layer gives when it raises a decision.
const (
	ReasonModelSelfHarm = "emergency.selfharm.model"
	ReasonModelMedical  = "emergency.medical.model"
	ReasonModelClinical = "clinical.model"
	ReasonModelPeer     = "peer.model"
)

// minModelWords: the learned layer alone does not make an emergency of a
// message shorter than this. "I'm done" or "last" says too little for a
// weight per word to stand on; the rules still read such a message, and
// ClassifyInContext reads it after the person's earlier ones, where it
// can mean something.
const minModelWords = 4

// emergencyBar is the probability of an emergency (self-harm and medical
// together) the model must reach to make an emergency of the message
// analysed as a: Emergency, or Denied when the rules explained its words
// away by a modifier, and never when an idiom did (analysis.idiom) or for
// a message too short to judge.
func (m *Model) emergencyBar(a *analysis) float32 {
	switch {
	case a.words < minModelWords || a.idiom:
		return 2 // above any probability
	case a.denied:
		return m.Denied
	}
	return m.Emergency
}

// raise returns the rules' decision d, raised where the model's
// probabilities p reach its thresholds: emergency at bar
// (Model.emergencyBar). It never lowers d.
func (m *Model) raise(d Decision, bar float32, p [numOut]float32) Decision {
	switch {
	case d.Category < Emergency && p[outSelfHarm]+p[outMedical] >= bar:
		return Decision{Category: Emergency, Reasons: []string{modelEmergencyReason(p)}}
	case d.Category < Clinical && p[outClinical] >= m.Clinical:
		return Decision{Category: Clinical, Reasons: []string{ReasonModelClinical}}
	case d.Category < Peer && p[outPeer] >= m.Peer:
		return Decision{Category: Peer, Reasons: []string{ReasonModelPeer}}
	}
	return d
}

// modelEmergencyReason names the kind of emergency the model's
// probabilities p lean to.
func modelEmergencyReason(p [numOut]float32) string {
	if p[outMedical] > p[outSelfHarm] {
		return ReasonModelMedical
	}
	return ReasonModelSelfHarm
}

// Classify is the package's Classify with m as the learned layer, for
// measuring a model before it is committed (cmd/traintriage -eval).
func (m *Model) Classify(text string) Decision {
	var featArr [768]uint32
	a, feats := analyze(text, featArr[:0], false)
	return m.decide(text, &a, m.scores(feats))
}

// decide is the rules' decision on text (analysed as a), raised by the
// model's probabilities p, and by a long post's passages (longpost.go).
func (m *Model) decide(text string, a *analysis, p [numOut]float32) Decision {
	d := m.raise(a.rules, m.emergencyBar(a), p)
	if d.Category != Emergency && !a.denied {
		if id := m.longPostEmergency(text, a.words); id != "" {
			return Decision{Category: Emergency, Reasons: []string{id}}
		}
	}
	return d
}

// Probabilities returns the model's probability of each label for text:
// none, peer, clinical, self-harm emergency, medical emergency.
func (m *Model) Probabilities(text string) [5]float32 {
	var featArr [768]uint32
	_, feats := analyze(text, featArr[:0], false)
	return m.scores(feats)
}
