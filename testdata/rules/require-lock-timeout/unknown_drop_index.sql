DROP INDEX idx; -- want: require-lock-timeout 1:1-1:15
