//go:build !linux

package spool

import "errors"

func mountTmpfs(dir, size string) error { return errors.New("tmpfs is Linux's") }

func unmount(dir string) {}
