package llm

import (
	"fmt"
	"testing"
)

func TestChunkCounts(t *testing.T) {
	tests := []struct {
		counts []int
		budget int
		want   [][]int
	}{
		{nil, 10, nil},
		{[]int{3, 3, 3}, 10, [][]int{{0, 1, 2}}},
		{[]int{3, 3, 3, 3}, 6, [][]int{{0, 1}, {2, 3}}},
		{[]int{5, 5, 1}, 5, [][]int{{0}, {1}, {2}}},
		{[]int{2, 20, 2}, 10, [][]int{{0}, {1}, {2}}}, // oversize item alone
		{[]int{20}, 10, [][]int{{0}}},
		{[]int{0, 0, 10, 0}, 10, [][]int{{0, 1, 2, 3}}},
		{[]int{1, 1}, 0, [][]int{{0}, {1}}},
		{[]int{1, 1}, -3, [][]int{{0}, {1}}},
	}
	for _, tt := range tests {
		got := chunkCounts(tt.counts, tt.budget)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("chunkCounts(%v, %d) = %v, want %v", tt.counts, tt.budget, got, tt.want)
		}
	}
}

func TestChunk(t *testing.T) {
	items := []string{
		"Member A: hello world",                             // 5
		"Member B: hello world",                             // 5
		"Member C: my CGM reads 180 mg/dL after breakfast.", // 15
		"Member A: hello world",                             // 5
	}
	got := Chunk(items, 12)
	want := [][]int{{0, 1}, {2}, {3}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Chunk = %v, want %v (counts %d %d %d)", got, want,
			CountTokens(items[0]), CountTokens(items[2]), CountTokens(items[3]))
	}
}

func FuzzChunkCounts(f *testing.F) {
	f.Add([]byte{3, 3, 3, 40, 1}, 10)
	f.Add([]byte{}, 0)
	f.Fuzz(func(t *testing.T, raw []byte, budget int) {
		counts := make([]int, len(raw))
		for i, b := range raw {
			counts[i] = int(b)
		}
		chunks := chunkCounts(counts, budget)
		var seen []int
		for _, c := range chunks {
			if len(c) == 0 {
				t.Fatalf("empty chunk in %v", chunks)
			}
			sum := 0
			for _, i := range c {
				sum += counts[i]
			}
			if len(c) > 1 && sum > budget {
				t.Fatalf("chunk %v sums to %d > budget %d", c, sum, budget)
			}
			seen = append(seen, c...)
		}
		// Every index exactly once, in order.
		for i, idx := range seen {
			if idx != i {
				t.Fatalf("indexes %v, want 0..%d in order", seen, len(counts)-1)
			}
		}
		if len(seen) != len(counts) {
			t.Fatalf("indexes %v cover %d of %d items", seen, len(seen), len(counts))
		}
		// Greedy: no chunk could have taken the next chunk's first item.
		for k := 0; k+1 < len(chunks); k++ {
			sum := 0
			for _, i := range chunks[k] {
				sum += counts[i]
			}
			if budget > 0 && sum+counts[chunks[k+1][0]] <= budget {
				t.Fatalf("chunks %v: chunk %d could hold the next item", chunks, k)
			}
		}
	})
}
