from detente.cli import run

run()
