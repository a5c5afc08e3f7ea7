package llm

// Chunk groups consecutive items into chunks whose token total (CountTokens
// of each item, summed) is at most budget, for map/reduce summaries. It
// returns the items' indexes, every index exactly once, in order.
//
// An item that alone exceeds budget gets a chunk of its own: Chunk only
// groups and never alters text, so the caller decides whether to cut it with
// TruncateTokens or send it as is. A budget of zero or less puts every item
// in its own chunk. Per-item overhead the caller adds when rendering (an ID,
// an author label) belongs in the strings passed here so it is counted.
func Chunk(items []string, budget int) [][]int {
	counts := make([]int, len(items))
	for i, s := range items {
		counts[i] = CountTokens(s)
	}
	return chunkCounts(counts, budget)
}

// chunkCounts is Chunk on precomputed token counts.
func chunkCounts(counts []int, budget int) [][]int {
	var chunks [][]int
	var cur []int
	total := 0
	for i, n := range counts {
		if len(cur) > 0 && (budget <= 0 || total+n > budget) {
			chunks = append(chunks, cur)
			cur, total = nil, 0
		}
		cur = append(cur, i)
		total += n
	}
	if len(cur) > 0 {
		chunks = append(chunks, cur)
	}
	return chunks
}
