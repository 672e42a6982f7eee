"""What tests, the demo seeder and the benchmark share: emulator clients and the one world builder."""
