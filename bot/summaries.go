package bot

// SummaryStore is the persistence summaries need: captured messages,
// summaries and their review.
type SummaryStore interface{}
