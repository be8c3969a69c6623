# SPDX-License-Identifier: LGPL-2.1-or-later
# fish completion for pstorectl. Each subcommand has a block between "# verb: NAME" and
# "# end: NAME"; tests/cli/test-docs.sh checks that it names every option of NAME --help.

set -l verbs status mount ls cat tail clear write plan dts check load help
complete -c pstorectl -f
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -l sysroot -r -a '(__fish_complete_directories)' -d 'Resolve system paths under DIR'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -l color -x -a 'auto always never' -d 'Colour output'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -s v -l verbose -d 'More messages'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -s h -l help -d 'Show help'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -s V -l version -d 'Show version'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a status -d 'Show the backend, the mount and the newest crash'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a mount -d 'Mount pstore if it is not mounted'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a ls -d 'List the records'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a cat -d 'Print records'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a tail -d 'Print the end of a record, or follow new ones'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a clear -d 'Erase records, archiving them first if asked'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a write -d 'Write a message to /dev/pmsg0 for the next boot'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a plan -d 'Pick a free RAM region and lay out ramoops in it'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a dts -d 'Emit, show or patch a device-tree ramoops node'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a check -d 'Check the kernel, the module and the live state'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a load -d 'Insert the ramoops module with parameters'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a help -d 'Show the help of a command'
complete -c pstorectl -n "__fish_seen_subcommand_from help" -a "$verbs"
complete -c pstorectl -n "__fish_seen_subcommand_from $verbs" -l help -d 'Show help'

# verb: status
# end: status
# verb: mount
# end: mount
# verb: ls
# end: ls
# verb: cat
# end: cat
# verb: tail
# end: tail
# verb: clear
# end: clear
# verb: write
# end: write
# verb: plan
# end: plan
# verb: dts
# end: dts
# verb: check
# end: check
# verb: load
# end: load
