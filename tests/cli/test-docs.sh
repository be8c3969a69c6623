#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The man pages and the bash, zsh and fish completions stay in step with the code: every
# long option that `pstorectl VERB --help` prints is named in VERB's block of each
# completion file and in man/pstorectl-VERB.8.scd. The completion files must parse.
. "$(dirname "$0")/lib.sh"

bashc=$TOP/completions/bash/pstorectl
zshc=$TOP/completions/zsh/_pstorectl
fishc=$TOP/completions/fish/pstorectl.fish

check "bash completion parses" bash -n "$bashc"
if command -v zsh >/dev/null; then check "zsh completion parses" zsh -n "$zshc"; fi
if command -v fish >/dev/null; then check "fish completion parses" fish -n "$fishc"; fi

block() { # FILE VERB: the lines between "# verb: VERB" and "# end: VERB"
	sed -n "/# verb: $2\$/,/# end: $2\$/p" "$1"
}
# fish's blocks call shared functions (__pstorectl_image_opts VERB): a block counts with
# the bodies of the functions it calls.
fblock() { # VERB
	local b f
	b=$(block "$fishc" "$1")
	printf '%s\n' "$b"
	for f in $(printf '%s\n' "$b" | grep -oE '^__pstorectl_[a-z_]+' | sort -u); do
		sed -n "/^function $f\( \|\$\)/,/^end\$/p" "$fishc"
	done
}

verbs=$("$PSTORECTL" --help | awk '/^Commands:/{on=1;next} on&&/^  [a-z]/{print $1} on&&/^$/{on=0}')
check "--help lists commands" test -n "$verbs"
for v in $verbs; do
	check "man page pstorectl(8) names '$v'" grep -qw -- "$v" "$TOP/man/pstorectl.8.scd"
	[ "$v" = help ] && continue
	man=$TOP/man/pstorectl-$v.8.scd
	check "man page for $v exists" test -f "$man"
	for f in "$bashc" "$zshc" "$fishc"; do
		check "$(basename "$f") has a block for $v" grep -q "# verb: $v\$" "$f"
	done
	opts=$("$PSTORECTL" "$v" --help | grep -oE -- '(^|[ ,[])--[a-z][a-z0-9-]*' | sed 's/^[ ,[]*//' | sort -u)
	for o in $opts; do
		name=${o#--}
		check "bash completion of $v offers $o" grep -qE -- "$o([^a-z0-9-]|\$)" <(block "$bashc" "$v")
		check "zsh completion of $v offers $o" grep -qE -- "$o([^a-z0-9-]|\$)" <(block "$zshc" "$v")
		check "fish completion of $v offers $o" grep -qE -- "-l $name([^a-z0-9-]|\$)" <(fblock "$v")
		[ -f "$man" ] && check "man page of $v documents $o" grep -qE -- "$o([^a-z0-9-]|\$)" "$man"
	done
done

# The bash completion really completes: "pstorectl pl<TAB>" offers plan.
if [ -f /usr/share/bash-completion/bash_completion ]; then
	got=$(bash -c '
		. /usr/share/bash-completion/bash_completion
		. "$1"
		COMP_WORDS=(pstorectl pl); COMP_CWORD=1; COMP_LINE="pstorectl pl"; COMP_POINT=${#COMP_LINE}
		_pstorectl pstorectl pl pstorectl
		printf "%s\n" "${COMPREPLY[@]}"' _ "$bashc")
	check "bash completes 'pstorectl pl' to plan" test "$got" = plan
fi

# Every short option too, in zsh and fish (bash offers the long forms).
for v in $verbs; do
	[ "$v" = help ] && continue
	for o in $("$PSTORECTL" "$v" --help | grep -oE -- '^ +-[a-zA-Z],' | tr -d ' ,' | sort -u); do
		check "zsh completion of $v offers $o" grep -qE -- "(^|[^a-zA-Z0-9-])$o([^a-zA-Z0-9-]|\$)" <(block "$zshc" "$v")
		check "fish completion of $v offers $o" grep -qE -- "-s ${o#-}( |\$)" <(fblock "$v")
	done
done

# Record names come from the source the command line names; column lists complete after
# a comma; the global options are offered after the verb.
mkdir -p "$T/bin" "$T/recs"
ln -sf "$PSTORECTL" "$T/bin/pstorectl"
printf 'x\n' >"$T/recs/dmesg-ramoops-7"
printf 'y\n' >"$T/recs/console-ramoops-0"
if [ -f /usr/share/bash-completion/bash_completion ]; then
	bcomp() { # WORDS...: what bash offers for the last word
		PATH=$T/bin:$PATH bash -c '
			. /usr/share/bash-completion/bash_completion
			. "$1"; shift
			COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
			_pstorectl pstorectl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
			printf "%s\n" "${COMPREPLY[@]}"' _ "$bashc" "$@"
	}
	for v in cat tail clear; do
		check "bash: $v --dir D offers D's records" grep -qx dmesg-ramoops-7 <(bcomp pstorectl "$v" --dir "$T/recs" dmesg-r)
	done
	check "bash: ls -o completes after a comma" test "$(bcomp pstorectl ls -o NAME,TY)" = NAME,TYPE
	check "bash: plan -o completes after a comma" test "$(bcomp pstorectl plan --all -o START,E)" = START,END
	check "bash: --sysroot after the verb" grep -qx -- --sysroot <(bcomp pstorectl ls --sys)
	check "bash: --dir before the verb" grep -qx -- --dir <(bcomp pstorectl --di)
fi
if command -v fish >/dev/null; then
	fcomp() { PATH=$T/bin:$PATH fish -c "source '$fishc'; complete -C '$1'" | cut -f1; }
	for v in cat tail clear; do
		check "fish: $v --dir D offers D's records" grep -qx dmesg-ramoops-7 <(fcomp "pstorectl $v --dir $T/recs ")
	done
	check "fish: ls -o completes after a comma" grep -qx NAME,TYPE <(fcomp "pstorectl ls -o NAME,TY")
	check "fish: --sysroot after the verb" grep -qx -- --sysroot <(fcomp "pstorectl ls --sys")
	check "fish: the image options under status" grep -qx -- --module-params <(fcomp "pstorectl status --mod")
	check "fish: no --image under decode" test -z "$(fcomp "pstorectl decode --ima")"
fi

# The README's examples use commands and options that exist.
grep -E '^pstorectl( |$)' "$TOP/README.md" | sed 's/ *#.*//' >"$T/examples"
check "README has examples" test -s "$T/examples"
while read -r _ verb rest; do
	[ -n "$verb" ] || continue
	case $verb in -*) continue ;; esac
	h=$("$PSTORECTL" "$verb" --help 2>/dev/null)
	check "README example verb '$verb' exists" test -n "$h"
	for o in $(grep -oE -- '(^| )--[a-z][a-z0-9-]*' <<<"$rest"); do
		check "README example: $verb $o exists" grep -qE -- "$o([^a-z0-9-]|\$)" <<<"$h"
	done
done <"$T/examples"

# Every man page is valid scdoc.
for m in "$TOP"/man/*.scd; do
	check "$(basename "$m") is valid scdoc" bash -c 'scdoc < "$1" >/dev/null' _ "$m"
done
echo "1..$_n"
