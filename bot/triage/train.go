package triage

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// Training the learned layer (model.go). cmd/traintriage reads the
// labelled files, calls Train and writes model.bin; the same data and
// options give the same bytes on the same platform (one thread, a seeded
// shuffle, no map iteration).

// A Label is what a training message is. LabelEmergency is an emergency
// whose kind the data does not say (older sets): it teaches the model
// "emergency" without taking a side between self-harm and medical.
type Label int8

const (
	LabelNone Label = iota
	LabelPeer
	LabelClinical
	LabelSelfHarm
	LabelMedical
	LabelEmergency
)

// ParseLabel reads the labels of the data files: none, peer, clinical,
// emergency, emergency:selfharm, emergency:medical.
func ParseLabel(s string) (Label, error) {
	switch strings.TrimSpace(s) {
	case "none":
		return LabelNone, nil
	case "peer":
		return LabelPeer, nil
	case "clinical":
		return LabelClinical, nil
	case "emergency":
		return LabelEmergency, nil
	case "emergency:selfharm":
		return LabelSelfHarm, nil
	case "emergency:medical":
		return LabelMedical, nil
	}
	return LabelNone, fmt.Errorf("unknown label %q (want none, peer, clinical, emergency, emergency:selfharm or emergency:medical)", s)
}

// Category is the triage category the label asks for.
func (l Label) Category() Category {
	switch l {
	case LabelPeer:
		return Peer
	case LabelClinical:
		return Clinical
	case LabelSelfHarm, LabelMedical, LabelEmergency:
		return Emergency
	}
	return None
}

// An Example is one labelled message.
type Example struct {
	Text  string
	Label Label
	// Calibrate marks the examples the thresholds are chosen on: sets
	// written the way the held-out sets are, by writers briefed as test
	// writers (train/sealed_*). When none is marked, all are used.
	Calibrate bool
}

// TrainOptions are the knobs of a training run; the zero value of a field
// takes the default named beside it.
type TrainOptions struct {
	Bits   uint8   // 18: 2^18 rows of weights
	Epochs int     // 12
	Rate   float64 // 0.2, AdaGrad's learning rate
	L2     float64 // 1e-6 per update
	Folds  int     // 5, for the out-of-fold figures that set the thresholds
	Seed   uint64  // 1
	// MinCount: features seen in fewer messages than this are not learned (3).
	MinCount int
	// EmergencyRecall is the recall of emergencies, rules and model
	// together, that the emergency threshold is chosen for on the
	// out-of-fold predictions (0.97).
	EmergencyRecall float64
	// ClinicalRecall likewise for clinical questions (0.9).
	ClinicalRecall float64
	// DeniedPrecision is the out-of-fold precision, among messages whose
	// words the rules explained away, that the model's emergencies must
	// keep at the Denied threshold (0.8, the triage issue's precision).
	DeniedPrecision float64
}

func (o *TrainOptions) defaults() {
	if o.Bits == 0 {
		o.Bits = 18
	}
	if o.Epochs == 0 {
		o.Epochs = 12
	}
	if o.Rate == 0 {
		o.Rate = 0.2
	}
	if o.L2 == 0 {
		o.L2 = 1e-6
	}
	if o.Folds == 0 {
		o.Folds = 5
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.MinCount == 0 {
		o.MinCount = 3
	}
	if o.EmergencyRecall == 0 {
		o.EmergencyRecall = 0.97
	}
	if o.ClinicalRecall == 0 {
		o.ClinicalRecall = 0.9
	}
	if o.DeniedPrecision == 0 {
		o.DeniedPrecision = 0.8
	}
}

// A TrainReport says how the model did on messages it was not trained on
// (out of fold), with the thresholds it chose.
type TrainReport struct {
	Examples int
	// OutOfFold[want][got] over the four categories: the rules and each
	// fold's model together, every message judged by a model that never
	// saw it.
	OutOfFold [4][4]int
	// RulesOnly[want][got]: the rules alone on the same messages.
	RulesOnly [4][4]int
	// Curve is the emergency threshold's trade-off on the out-of-fold
	// predictions.
	Curve []ThresholdPoint
	// Misses are the examples the rules and model together got wrong out
	// of fold, for reading.
	Misses []Miss
	// Got is the out-of-fold decision of every example, in order.
	Got []Category
}

// A Miss is one example judged wrongly out of fold.
type Miss struct {
	Text      string
	Want, Got Category
	// Emergency is the model's out-of-fold emergency probability.
	Emergency float64
}

// A ThresholdPoint is the emergency recall and precision of rules and
// model together at one threshold.
type ThresholdPoint struct {
	Threshold, Recall, Precision float64
}

// prepared is an example with its rules decision and features computed once.
type prepared struct {
	label     Label
	a         analysis
	feats     []uint32
	calibrate bool
}

// Train fits a model to examples and chooses its thresholds from
// out-of-fold predictions.
func Train(examples []Example, opt TrainOptions) (*Model, TrainReport, error) {
	opt.defaults()
	var rep TrainReport
	if len(examples) < 10*opt.Folds {
		return nil, rep, errors.New("triage: too few examples to train on")
	}
	data := make([]prepared, len(examples))
	for i, ex := range examples {
		a, feats := analyze(ex.Text, nil, false)
		data[i] = prepared{label: ex.Label, a: a, feats: feats, calibrate: ex.Calibrate}
	}
	rep.Examples = len(data)

	// out-of-fold probabilities: fold f holds every example whose index
	// in a seeded permutation is f mod Folds
	perm := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15)).Perm(len(data))
	fold := make([]int, len(data))
	for pos, i := range perm {
		fold[i] = pos % opt.Folds
	}
	oof := make([][numOut]float32, len(data))
	for f := 0; f < opt.Folds; f++ {
		var train []prepared
		var held []int
		for i := range data {
			if fold[i] == f {
				held = append(held, i)
			} else {
				train = append(train, data[i])
			}
		}
		m := fit(train, opt)
		for _, i := range held {
			oof[i] = m.scores(data[i].feats)
		}
	}
	m := fit(data, opt)
	chooseThresholds(m, data, oof, opt, &rep)
	for i, p := range data {
		want := p.label.Category()
		got := m.raise(p.a.rules, m.emergencyBar(&p.a), oof[i]).Category
		rep.RulesOnly[want][p.a.rules.Category]++
		rep.OutOfFold[want][got]++
		rep.Got = append(rep.Got, got)
		if got != want {
			rep.Misses = append(rep.Misses, Miss{examples[i].Text, want, got, float64(oof[i][outSelfHarm] + oof[i][outMedical])})
		}
	}
	m.Meta = fmt.Sprintf("examples=%d bits=%d epochs=%d rate=%g l2=%g min_count=%d folds=%d seed=%d emergency_recall=%g clinical_recall=%g denied_precision=%g",
		len(data), opt.Bits, opt.Epochs, opt.Rate, opt.L2, opt.MinCount, opt.Folds, opt.Seed, opt.EmergencyRecall, opt.ClinicalRecall, opt.DeniedPrecision)
	return m, rep, nil
}

// fit trains one model with AdaGrad on the softmax loss. Every message
// counts once: weighting the classes equally made the model expect an
// emergency in half of all messages, and everyday chat paid for it.
func fit(data []prepared, opt TrainOptions) *Model {
	rows := 1 << opt.Bits
	mask := uint32(rows - 1)
	n := newNet(opt)

	// A feature seen in fewer than MinCount messages is not learned: a
	// word that only ever appeared in one writer's emergency ("playlist")
	// would otherwise teach the model that the word itself is dangerous.
	seen := make([]uint16, rows)
	for _, p := range data {
		for _, h := range p.feats {
			if c := &seen[h&mask]; *c < 65535 {
				*c++
			}
		}
	}

	rng := rand.New(rand.NewPCG(opt.Seed, 7))
	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	feats := make([]uint32, 0, 1024)
	for epoch := 0; epoch < opt.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			p := &data[i]
			feats = feats[:0]
			for _, h := range p.feats {
				if int(seen[h&mask]) >= opt.MinCount {
					feats = append(feats, h)
				}
			}
			v := featureValue(len(p.feats))
			logit := n.forward(feats, v)
			prob := softmax(logit)
			target := targetFor(p.label, prob)
			var grad [numOut]float32
			for k := range grad {
				grad[k] = prob[k] - target[k]
			}
			n.backward(feats, v, grad)
		}
	}
	return n.quantize()
}

// net is the model in float32 while it trains, with AdaGrad's sums of
// squared gradients beside every weight.
type net struct {
	opt         TrainOptions
	mask        uint32
	w, wg       []float32 // rows × numOut
	bias, biasg [numOut]float32
	rate, l2    float32
}

func newNet(opt TrainOptions) *net {
	rows := 1 << opt.Bits
	n := &net{opt: opt, mask: uint32(rows - 1), rate: float32(opt.Rate), l2: float32(opt.L2)}
	n.w, n.wg = make([]float32, rows*numOut), make([]float32, rows*numOut)
	return n
}

// forward returns the logits of a message.
func (n *net) forward(feats []uint32, v float32) [numOut]float32 {
	var logit [numOut]float32
	copy(logit[:], n.bias[:])
	for _, h := range feats {
		row := n.w[(h&n.mask)*numOut:][:numOut]
		for k := range logit {
			logit[k] += row[k] * v
		}
	}
	return logit
}

// adagrad applies one AdaGrad step to w[i] with gradient g.
func (n *net) adagrad(w, g2 []float32, i int, g float32) {
	g += n.l2 * w[i]
	g2[i] += g * g
	w[i] -= n.rate * g / (float32(math.Sqrt(float64(g2[i]))) + 1e-8)
}

// backward applies the gradient of the loss, grad with respect to the
// logits, to every weight the message touched.
func (n *net) backward(feats []uint32, v float32, grad [numOut]float32) {
	for k := range grad {
		g := grad[k]
		n.biasg[k] += g * g
		n.bias[k] -= n.rate * g / (float32(math.Sqrt(float64(n.biasg[k]))) + 1e-8)
	}
	for _, h := range feats {
		base := int((h & n.mask) * numOut)
		for k := range grad {
			n.adagrad(n.w, n.wg, base+k, grad[k]*v)
		}
	}
}

// quantize turns the float weights into the int8 table of a Model, one
// scale per output.
func (n *net) quantize() *Model {
	m := &Model{Bits: n.opt.Bits, W: make([][numOut]int8, len(n.w)/numOut)}
	for k := 0; k < numOut; k++ {
		var mx float32
		for j := k; j < len(n.w); j += numOut {
			mx = max(mx, abs32(n.w[j]))
		}
		if mx == 0 {
			mx = 1
		}
		m.Scale[k] = mx / 127
		m.Bias[k] = n.bias[k]
		for j := k; j < len(n.w); j += numOut {
			m.W[j/numOut][k] = int8(math.Round(float64(n.w[j] / m.Scale[k])))
		}
	}
	return m
}

func abs32(x float32) float32 { return float32(math.Abs(float64(x))) }

// targetFor is the one-hot target of a label; an emergency of unknown kind
// is split between the two kinds as the model currently sees it.
func targetFor(l Label, p [numOut]float32) (t [numOut]float32) {
	switch l {
	case LabelEmergency:
		s := p[outSelfHarm] + p[outMedical]
		if s <= 0 {
			t[outSelfHarm], t[outMedical] = 0.5, 0.5
		} else {
			t[outSelfHarm], t[outMedical] = p[outSelfHarm]/s, p[outMedical]/s
		}
	case LabelSelfHarm:
		t[outSelfHarm] = 1
	case LabelMedical:
		t[outMedical] = 1
	case LabelClinical:
		t[outClinical] = 1
	case LabelPeer:
		t[outPeer] = 1
	default:
		t[outNone] = 1
	}
	return t
}

// chooseThresholds sets the model's thresholds from the out-of-fold
// probabilities of the calibration examples (Example.Calibrate): the highest emergency threshold that still reaches the
// recall asked for (rules and model together), likewise for clinical, and
// for peer the one with the best F1.
func chooseThresholds(m *Model, data []prepared, oof [][numOut]float32, opt TrainOptions, rep *TrainReport) {
	candidates := make([]float32, 0, 99)
	for t := 1; t <= 99; t++ {
		candidates = append(candidates, float32(t)/100)
	}
	calibrating := slices.ContainsFunc(data, func(p prepared) bool { return p.calibrate })
	evalAt := func(c Category, score func(p [numOut]float32) float32, t float32) (recall, precision float64) {
		var tp, fn, fp int
		for i, p := range data {
			if calibrating && !p.calibrate {
				continue
			}
			got := p.a.rules.Category >= c || (!p.a.denied && p.a.words >= minModelWords && score(oof[i]) >= t)
			if c < Emergency {
				// a lower category is only reached if not already higher
				got = p.a.rules.Category == c || (p.a.rules.Category < c && score(oof[i]) >= t)
			}
			want := p.label.Category() == c
			switch {
			case got && want:
				tp++
			case want:
				fn++
			case got:
				fp++
			}
		}
		return ratio(tp, tp+fn), ratio(tp, tp+fp)
	}
	emergencyScore := func(p [numOut]float32) float32 { return p[outSelfHarm] + p[outMedical] }
	m.Emergency = 0.01
	for _, t := range slices.Backward(candidates) {
		r, pr := evalAt(Emergency, emergencyScore, t)
		rep.Curve = append(rep.Curve, ThresholdPoint{float64(t), r, pr})
		if r >= opt.EmergencyRecall && m.Emergency == 0.01 {
			m.Emergency = t
		}
	}
	slices.Reverse(rep.Curve)
	m.Denied = deniedThreshold(m.Emergency, data, oof, opt.DeniedPrecision)
	m.Clinical = 0.01
	for _, t := range slices.Backward(candidates) {
		if r, _ := evalAt(Clinical, func(p [numOut]float32) float32 { return p[outClinical] }, t); r >= opt.ClinicalRecall {
			m.Clinical = t
			break
		}
	}
	best := -1.0
	for _, t := range candidates {
		r, pr := evalAt(Peer, func(p [numOut]float32) float32 { return p[outPeer] }, t)
		if f1 := 2 * r * pr / (r + pr + 1e-12); f1 > best {
			best, m.Peer = f1, t
		}
	}
}

// deniedThreshold is the lowest threshold, from 0.99 down to emergency,
// at which the model's out-of-fold emergencies among messages whose words
// a modifier explained away keep the precision asked for. It reads every
// example, not only the calibration sets: those hold too few such
// emergencies (ten in 2026-12) to choose by.
func deniedThreshold(emergency float32, data []prepared, oof [][numOut]float32, precision float64) float32 {
	bar := float32(1)
	for t := 99; t >= 1 && float32(t)/100 >= emergency; t-- {
		th := float32(t) / 100
		var tp, fp int
		for i, p := range data {
			if !p.a.denied || p.a.idiom || p.a.words < minModelWords || p.a.rules.Category == Emergency ||
				oof[i][outSelfHarm]+oof[i][outMedical] < th {
				continue
			}
			if p.label.Category() == Emergency {
				tp++
			} else {
				fp++
			}
		}
		if tp > 0 && ratio(tp, tp+fp) >= precision {
			bar = th
		}
	}
	return bar
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}
