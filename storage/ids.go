package storage

import "database/sql"

// insertedID is the ID of the row an INSERT made, as its domain type.
func insertedID[ID ~int64](res sql.Result) (ID, error) {
	id, err := res.LastInsertId()
	return ID(id), err
}
