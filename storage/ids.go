package storage

// asID gives the ID of a row insertID made its domain type.
func asID[ID ~int64](id int64, err error) (ID, error) { return ID(id), err }
