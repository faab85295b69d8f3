package web_test

import (
	"os"
	"strconv"
)

func readFile(name string) (string, error) {
	b, err := os.ReadFile(name)
	return string(b), err
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
