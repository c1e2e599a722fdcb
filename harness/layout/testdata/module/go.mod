module example.com/layoutcheck

go 1.26
