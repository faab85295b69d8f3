package store

// TailleMemoire is how many values a Store's memory holds, for the tests of
// package store_test.
func TailleMemoire(s *Store) int {
	s.memoire.mu.Lock()
	defer s.memoire.mu.Unlock()
	return len(s.memoire.m)
}
