"""Identity: users' roles (Firestore `users/{uid}` and Auth custom claims, granted together)."""
