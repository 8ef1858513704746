from labelapp.cli import main

main()
