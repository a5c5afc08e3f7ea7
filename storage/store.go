package storage

import "github.com/peerhours/peerhours/bot"

// DB is the bot's Store.
var _ bot.Store = (*DB)(nil)
