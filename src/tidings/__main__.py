from tidings.cli import main

if __name__ == "__main__":  # not when a helper process (spawn) imports it
    raise SystemExit(main())
