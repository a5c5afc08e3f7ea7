package storage

import "github.com/peerhours/peerhours/bot"

// Both the database and a transaction are the bot's Store.
var (
	_ bot.Store = (*DB)(nil)
	_ bot.Store = (*txStore)(nil)
)
