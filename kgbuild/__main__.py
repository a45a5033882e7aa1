from kgbuild.cli.main import main

main()
